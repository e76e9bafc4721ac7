// A CPU profile of this process over a window, for the bench servers' `profile-start` / `profile-stop`
// messages (`--profile` of npm run bench and bench:workflows): written as a .cpuprofile file.
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';

let session = null;

export async function startProfile() {
  session ??= new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
}

export async function stopProfile(file) {
  const { profile } = await session.post('Profiler.stop');
  session.disconnect();
  writeFileSync(file, JSON.stringify(profile));
}
