/**
 * Settings: sync with other tablets. Create a space on a server or join one with a join link or
 * code; invite another tablet (a one-time, 24-hour invitation shown as a link and a QR code); see
 * the space's tablets and remove a lost one (asked first); see the sync status (offline / syncing
 * / up to date / error with reason, last success, changes waiting), sync now, or leave.
 */
import QRCode from 'qrcode'
import { useEffect, useState, type FormEvent } from 'react'
import { decodeJoin } from '../../../sync/join-link'
import type { DeviceInfo } from '../../../sync/wire'
import {
  createSpace,
  inviteTablet,
  joinSpace,
  leaveSpace,
  listSpaceDevices,
  removeSpaceDevice,
  saveDeviceName,
  syncNow,
  useDeviceName,
  useSyncConfig,
  useSyncStatus,
} from '../../data/sync-connection'
import { ConfirmDialog } from '../../components/confirm-dialog'
import { Field } from '../../components/field'
import {
  describeClockOffset,
  describeHistoryProgress,
  describeSyncProblem,
  describeSyncStatus,
} from '../../components/sync-status-chip'
import { formatDateTime } from '../../format'
import { AppearanceSection } from './appearance-section'
import { BackupSection } from './backup-section'
import { StorageSection } from './storage-section'

function defaultServerUrl(): string {
  return window.location.origin
}

function JoinQr({ link }: { link: string }) {
  const [svg, setSvg] = useState<string | null>(null)
  useEffect(() => {
    let active = true
    void QRCode.toString(link, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' }).then(
      (markup) => {
        if (active) setSvg(markup)
      },
    )
    return () => {
      active = false
    }
  }, [link])
  if (!svg) return null
  return (
    <img
      className="join-qr"
      alt="QR code of the join link"
      src={`data:image/svg+xml;utf8,${encodeURIComponent(svg)}`}
    />
  )
}

function ConnectForms({ initialCode }: { initialCode: string }) {
  const [serverUrl, setServerUrl] = useState(defaultServerUrl)
  const [spaceName, setSpaceName] = useState('')
  const [code, setCode] = useState(initialCode)
  const [message, setMessage] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const [codeError, setCodeError] = useState<string | undefined>()

  async function create(event: FormEvent<HTMLFormElement>) {
    event.preventDefault()
    setBusy(true)
    const result = await createSpace(serverUrl.trim(), spaceName.trim())
    setBusy(false)
    setMessage(result.ok ? null : result.message)
  }

  async function join(event: FormEvent<HTMLFormElement>) {
    event.preventDefault()
    const info = decodeJoin(code)
    if (!info) {
      setCodeError('Paste the join link or code shown on the other tablet')
      return
    }
    setCodeError(undefined)
    setBusy(true)
    const result = await joinSpace(info.serverUrl, info.credential, info.invitation === true)
    setBusy(false)
    setMessage(result.ok ? null : result.message)
  }

  return (
    <div className="two-columns">
      <form
        className="panel form-grid"
        onSubmit={(event) => void create(event)}
        noValidate
        aria-label="Start syncing"
      >
        <h3 className="form-title">Start syncing this tablet</h3>
        <Field
          id="sync-server"
          label="Server address"
          hint="The computer running the Bake Tracker server"
        >
          <input
            value={serverUrl}
            inputMode="url"
            onChange={(change) => setServerUrl(change.target.value)}
          />
        </Field>
        <Field id="sync-space-name" label="Name (optional)">
          <input
            value={spaceName}
            placeholder="Our kitchen"
            onChange={(change) => setSpaceName(change.target.value)}
          />
        </Field>
        <div className="form-buttons">
          <button type="submit" className="button-primary" disabled={busy}>
            Create a space
          </button>
        </div>
      </form>
      <form
        className="panel form-grid"
        onSubmit={(event) => void join(event)}
        noValidate
        aria-label="Join a space"
      >
        <h3 className="form-title">Join another tablet</h3>
        <Field id="sync-join-code" label="Join link or code" error={codeError}>
          <input
            value={code}
            onChange={(change) => setCode(change.target.value)}
            autoComplete="off"
          />
        </Field>
        <div className="form-buttons">
          <button type="submit" className="button-primary" disabled={busy}>
            Join
          </button>
        </div>
      </form>
      {message && (
        <p role="alert" className="form-error">
          {message}
        </p>
      )}
    </div>
  )
}

/** This tablet's name, as notices on the other tablets show it ("on Kitchen iPad"). */
function DeviceNameForm() {
  const stored = useDeviceName()
  const [draft, setDraft] = useState<string | null>(null)
  const [error, setError] = useState<string | undefined>()
  const [saved, setSaved] = useState(false)
  const value = draft ?? stored ?? ''

  async function save(event: FormEvent<HTMLFormElement>) {
    event.preventDefault()
    const result = await saveDeviceName(value)
    setError(result.ok ? undefined : result.message)
    setSaved(result.ok)
    if (result.ok) setDraft(null)
  }

  return (
    <form
      className="panel form-grid"
      onSubmit={(event) => void save(event)}
      noValidate
      aria-label="This tablet's name"
    >
      <Field
        id="device-name"
        label="This tablet's name"
        hint="Other tablets say where a change was made with it"
        error={error}
      >
        <input
          value={value}
          onChange={(change) => {
            setDraft(change.target.value)
            setSaved(false)
          }}
          autoComplete="off"
        />
      </Field>
      <div className="form-buttons">
        <button type="submit" className="button-secondary">
          Save name
        </button>
        {saved && <span role="status">Saved</span>}
      </div>
    </form>
  )
}

/** "Invite a tablet": a one-time invitation, valid for 24 hours, as a link and a QR code. */
function InviteTablet() {
  const [invite, setInvite] = useState<{ link: string; expiresAt: string } | null>(null)
  const [message, setMessage] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)

  async function ask() {
    setBusy(true)
    const result = await inviteTablet(window.location.origin)
    setBusy(false)
    if (result.ok) {
      setInvite({ link: result.link, expiresAt: result.expiresAt })
      setMessage(null)
    } else setMessage(result.message)
  }

  return (
    <>
      <h3>Add another tablet</h3>
      <p>
        An invitation lets one tablet join, once, within 24 hours. On the other tablet, scan the
        code with the camera, or open Settings there and paste the link.
      </p>
      <div className="heading-actions">
        <button
          type="button"
          className="button-secondary"
          disabled={busy}
          onClick={() => void ask()}
        >
          Invite a tablet
        </button>
      </div>
      {message && (
        <p role="alert" className="form-error">
          {message}
        </p>
      )}
      {invite && (
        <div className="join-box">
          <JoinQr link={invite.link} />
          <input
            className="join-link"
            readOnly
            aria-label="Join link"
            value={invite.link}
            onFocus={(event) => event.currentTarget.select()}
          />
          <p className="card-meta">Valid once, until {formatDateTime(invite.expiresAt)}.</p>
        </div>
      )}
    </>
  )
}

/** The space's tablets (name, last seen, this tablet); a lost one is removed after asking. */
function SpaceDevices() {
  const [devices, setDevices] = useState<DeviceInfo[] | null>(null)
  const [thisDevice, setThisDevice] = useState<string | null>(null)
  const [message, setMessage] = useState<string | null>(null)
  const [removing, setRemoving] = useState<DeviceInfo | null>(null)

  useEffect(() => {
    let active = true
    void listSpaceDevices().then((result) => {
      if (!active) return
      if (result.ok) {
        setDevices(result.devices)
        setThisDevice(result.thisDevice)
      } else setMessage(result.message)
    })
    return () => {
      active = false
    }
  }, [])

  async function remove(device: DeviceInfo) {
    setRemoving(null)
    const result = await removeSpaceDevice(device.deviceId)
    if (result.ok) {
      setDevices(result.devices)
      setMessage(null)
    } else setMessage(result.message)
  }

  const label = (device: DeviceInfo) => device.name ?? 'Unnamed tablet'
  return (
    <>
      <h3>Tablets in this space</h3>
      {message && <p role="status">{message}</p>}
      {devices && (
        <ul className="device-list" aria-label="Tablets in this space">
          {devices.map((device) => (
            <li key={device.deviceId} className="panel">
              <strong>{label(device)}</strong>
              {device.deviceId === thisDevice && ' (this tablet)'}
              <span className="card-meta">
                {' '}
                · last seen {formatDateTime(device.lastSeenAt)}
              </span>{' '}
              {device.deviceId !== thisDevice && (
                <button
                  type="button"
                  className="button-secondary"
                  aria-label={`Remove ${label(device)}`}
                  onClick={() => setRemoving(device)}
                >
                  Remove
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      {removing && (
        <ConfirmDialog
          title={`Remove ${label(removing)}?`}
          message="It stops syncing at once and cannot join again without a new invitation. What it already has stays on it."
          confirmLabel="Remove tablet"
          danger
          onCancel={() => setRemoving(null)}
          onConfirm={() => void remove(removing)}
        />
      )}
    </>
  )
}

export function SettingsScreen({ joinCode = '' }: { joinCode?: string }) {
  const config = useSyncConfig()
  const status = useSyncStatus()
  const [confirmLeave, setConfirmLeave] = useState(false)
  const summary = describeSyncStatus(status)

  return (
    <main className="screen">
      <h1>Settings</h1>
      <h2>Sync with other tablets</h2>
      {config === undefined ? (
        <p aria-busy="true">Loading…</p>
      ) : config === null ? (
        <>
          <p>
            Bake Tracker works fully on this tablet. To share events and deliveries with other
            tablets, connect them to a Bake Tracker server in your home or bakery.
          </p>
          <ConnectForms initialCode={joinCode} />
        </>
      ) : (
        <>
          <dl className="summary-figures">
            <div>
              <dt>Status</dt>
              <dd className="sync-summary">{summary.label}</dd>
            </div>
            <div>
              <dt>Last synced</dt>
              <dd className="sync-last-synced">
                {status.lastSuccessAt ? formatDateTime(status.lastSuccessAt) : 'Not yet'}
              </dd>
            </div>
            <div>
              <dt>Changes waiting</dt>
              <dd>{status.waiting}</dd>
            </div>
            {status.history && (
              <div>
                <dt>{status.history.stage === 'upcoming' ? 'Events arriving' : 'Past events'}</dt>
                <dd className="sync-history">{describeHistoryProgress(status.history)}</dd>
              </div>
            )}
            {status.clockOffsetMs !== null && (
              <div>
                <dt>This tablet&apos;s clock</dt>
                <dd className="sync-clock-offset">{describeClockOffset(status.clockOffsetMs)}</dd>
              </div>
            )}
          </dl>
          {status.reason && status.phase !== 'up-to-date' && (
            <p role="status">{describeSyncProblem(status)}</p>
          )}
          {status.detail && status.phase === 'error' && status.reason !== 'clock-ahead' && (
            <p className="card-meta">Server said: {status.detail}</p>
          )}
          {status.clockDrift && (
            <p role="status">
              Another tablet&apos;s clock is more than a day off. Check the date and time on your
              tablets.
            </p>
          )}
          <DeviceNameForm />
          <p>
            Server: <strong>{config.serverUrl}</strong>
            {config.spaceName ? ` · ${config.spaceName}` : ''}
          </p>
          <div className="heading-actions">
            <button type="button" className="button-primary" onClick={syncNow}>
              Sync now
            </button>
            <button
              type="button"
              className="button-secondary"
              onClick={() => setConfirmLeave(true)}
            >
              Stop syncing
            </button>
          </div>
          {status.reason === 'device-removed' ? (
            <p className="card-meta">
              To sync again, stop syncing here and join with a new invitation.
            </p>
          ) : (
            <>
              <InviteTablet />
              <SpaceDevices />
            </>
          )}
        </>
      )}
      <AppearanceSection />
      <BackupSection />
      <StorageSection />
      {confirmLeave && (
        <ConfirmDialog
          title="Stop syncing?"
          message="This tablet keeps everything it has, but stops sharing changes with the others."
          confirmLabel="Stop syncing"
          onCancel={() => setConfirmLeave(false)}
          onConfirm={() => {
            setConfirmLeave(false)
            void leaveSpace()
          }}
        />
      )}
    </main>
  )
}
