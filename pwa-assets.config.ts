// Icons for the PWA, generated from public/favicon.svg by scripts/make-icons.sh. The PNGs and
// favicon.ico are committed, so CI never regenerates them.
import { defineConfig, minimal2023Preset } from '@vite-pwa/assets-generator/config'

export default defineConfig({
  headLinkOptions: { preset: '2023' },
  preset: {
    ...minimal2023Preset,
    // The maskable icon's safe zone is the inner 80%: pad on the brand colour.
    maskable: { ...minimal2023Preset.maskable, resizeOptions: { background: '#0f766e' } },
    apple: { ...minimal2023Preset.apple, resizeOptions: { background: '#0f766e' } },
  },
  images: ['public/favicon.svg'],
})
