/**
 * Settings › Storage: whether the browser promised to keep Bake Tracker's data (persistent
 * storage) and how much space it uses. Without the promise a browser may clear the data of a site
 * unused for a while, so the section says what to do: install the app and keep backups.
 */
import {
  askForPersistentStorage,
  formatBytes,
  useStorageStatus,
  type StorageStatus,
} from '../../pwa/storage'
import '../../pwa/pwa.css'

const PERSISTENCE: Record<'yes' | 'no' | 'unknown', { label: string; explanation: string }> = {
  yes: { label: 'Yes', explanation: 'The browser will not clear Bake Tracker’s data on its own.' },
  no: {
    label: 'Not guaranteed',
    explanation:
      'The browser may clear the data when space runs low. Add Bake Tracker to the home screen and export a backup now and then.',
  },
  unknown: {
    label: 'Unknown',
    explanation:
      'This browser does not say whether it keeps the data. Export a backup now and then.',
  },
}

function persistence(persisted: StorageStatus['persisted']) {
  return PERSISTENCE[persisted === null ? 'unknown' : persisted ? 'yes' : 'no']
}

export function StorageSection() {
  const { status, refresh } = useStorageStatus()
  return (
    <section aria-labelledby="storage-heading">
      <h2 id="storage-heading">Storage on this tablet</h2>
      {!status ? (
        <p aria-busy="true">Loading…</p>
      ) : (
        <>
          <dl className="summary-figures storage-figures">
            <div>
              <dt>Data kept safe</dt>
              <dd>{persistence(status.persisted).label}</dd>
            </div>
            <div>
              <dt>Space used</dt>
              <dd>
                {status.usage === null
                  ? 'Unknown'
                  : status.quota
                    ? `${formatBytes(status.usage)} of ${formatBytes(status.quota)}`
                    : formatBytes(status.usage)}
              </dd>
            </div>
          </dl>
          <p>{persistence(status.persisted).explanation}</p>
          {status.persisted === false && (
            <button
              type="button"
              className="button-secondary"
              onClick={() => void askForPersistentStorage().then(refresh)}
            >
              Ask to keep data
            </button>
          )}
        </>
      )}
    </section>
  )
}
