import { closeEmbeddedEndpoint } from './support/embedded';

export default async function globalTeardown(): Promise<void> {
  await closeEmbeddedEndpoint();
}
