/**
 * Catalogue: ingredients (unit and cost), recipes (ingredients with quantities), finished units
 * (what a batch makes), finished goods (bundles, nested) and packages (what a recipient gets).
 * Create, edit and delete each; a delete refused because the item is in use says by what.
 */
import { TabPanel, Tabs } from '../../components/tabs'
import { useUiStore, type UiState } from '../../stores/ui-store'
import { FinishedGoodsTab } from './finished-goods-tab'
import { FinishedUnitsTab } from './finished-units-tab'
import { IngredientsTab } from './ingredients-tab'
import { PackagesTab } from './packages-tab'
import { RecipesTab } from './recipes-tab'

const TABS: { id: UiState['catalogueTab']; label: string }[] = [
  { id: 'recipes', label: 'Recipes' },
  { id: 'ingredients', label: 'Ingredients' },
  { id: 'finishedUnits', label: 'Baked items' },
  { id: 'finishedGoods', label: 'Finished goods' },
  { id: 'packages', label: 'Packages' },
]

export function CatalogueScreen({ tab }: { tab: UiState['catalogueTab'] }) {
  const setTab = useUiStore((state) => state.setCatalogueTab)
  return (
    <main className="screen">
      <h1>Catalogue</h1>
      <Tabs label="Catalogue sections" tabs={TABS} current={tab} onSelect={setTab} />
      <TabPanel id={tab}>
        {tab === 'ingredients' && <IngredientsTab />}
        {tab === 'recipes' && <RecipesTab />}
        {tab === 'finishedUnits' && <FinishedUnitsTab />}
        {tab === 'finishedGoods' && <FinishedGoodsTab />}
        {tab === 'packages' && <PackagesTab />}
      </TabPanel>
    </main>
  )
}
