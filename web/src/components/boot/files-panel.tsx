import { type BootFile, BootServiceDefinition, FileAccess } from '@paddock/proto/boot/v1/boot.ts';
import { useCallback, useEffect, useState } from 'react';
import { unary } from '../../grpc/index.ts';
import { useCallOptions } from '../../session-context.ts';
import { RowButton } from '../row-button.tsx';
import { TableHead } from '../table-head.tsx';

const ACCESS: Record<number, string> = {
  [FileAccess.FILE_ACCESS_PUBLIC]: 'public',
  [FileAccess.FILE_ACCESS_ADMIN]: 'admin',
  [FileAccess.FILE_ACCESS_NODE]: 'node',
};

async function sha256(file: File): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', await file.arrayBuffer());
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * The file manager. Uploads go to the HTTPS port's PUT /boot/admin/files/NAME (browsers cannot
 * stream a request over gRPC-Web) with the file's SHA-256, which the server checks.
 */
export function FilesPanel() {
  const call = useCallOptions();
  const [files, setFiles] = useState<BootFile[]>([]);
  const [notice, setNotice] = useState<string>();
  const [busy, setBusy] = useState(false);
  const load = useCallback(
    () =>
      unary(BootServiceDefinition, 'listFiles', { prefix: '' }, call).then(
        (r) => setFiles(r.files),
        (e) => setNotice(String(e)),
      ),
    [call],
  );
  useEffect(() => void load(), [load]);

  const upload = async (form: HTMLFormElement) => {
    const data = new FormData(form);
    const file = data.get('file');
    if (!(file instanceof File) || file.size === 0) return setNotice('Choose a file first.');
    const name = String(data.get('name') || file.name);
    const access = String(data.get('access'));
    setBusy(true);
    try {
      const query = new URLSearchParams({ access, sha256: await sha256(file), node: String(data.get('node') ?? '') });
      const res = await fetch(`/boot/admin/files/${name.split('/').map(encodeURIComponent).join('/')}?${query}`, {
        method: 'PUT',
        headers: { authorization: `Bearer ${call.token ?? ''}` },
        body: file,
      });
      const body = (await res.json()) as { error?: string; sha256?: string };
      setNotice(
        res.ok
          ? `Uploaded ${name} (SHA-256 ${body.sha256?.slice(0, 16)}…, verified by the server).`
          : `Upload failed: ${body.error}`,
      );
      if (res.ok) form.reset();
      await load();
    } finally {
      setBusy(false);
    }
  };
  const remove = async (name: string) => {
    await unary(BootServiceDefinition, 'deleteFile', { name }, call).catch((e) => setNotice(String(e)));
    await load();
  };

  return (
    <section className="panel" aria-labelledby="boot-files-title">
      <h2 id="boot-files-title">Files</h2>
      <table aria-label="Boot files">
        <TableHead columns={['Name', 'Size', 'Access', 'SHA-256', '']} />
        <tbody>
          {files.map((f) => (
            <tr key={f.name}>
              <td>{f.name}</td>
              <td>{String(f.size)}</td>
              <td>
                {ACCESS[f.access] ?? f.access}
                {f.nodeMac ? ` ${f.nodeMac}` : ''}
              </td>
              <td className="mono" title={f.sha256}>
                {f.sha256.slice(0, 16)}…
              </td>
              <td>
                <RowButton
                  text="Delete"
                  label={`Delete ${f.name}`}
                  className="ghost"
                  onClick={() => void remove(f.name)}
                />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <form
        aria-label="Upload a file"
        onSubmit={(e) => {
          e.preventDefault();
          void upload(e.currentTarget);
        }}
      >
        <label>
          File <input type="file" name="file" />
        </label>
        <label>
          Name <input name="name" placeholder="(the file's name)" />
        </label>
        <label>
          Access{' '}
          <select name="access" defaultValue="public">
            <option value="public">public</option>
            <option value="admin">admin</option>
            <option value="node">node</option>
          </select>
        </label>
        <label>
          Node MAC <input name="node" placeholder="for node files" />
        </label>
        <button type="submit" disabled={busy}>
          Upload
        </button>
      </form>
      {notice && <p role="status">{notice}</p>}
    </section>
  );
}
