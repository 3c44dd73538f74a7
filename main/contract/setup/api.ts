import type { NoInput } from '../api';
import type { ConnectionStatus, SetupChecklist } from './dto';

/** Where Flotilla is connected, and what a new install still needs. Answers never carry a secret. */
export interface SetupApi {
  /** The credentials in use (including the environment's), the STS identity they give, the regions. */
  connection(input: NoInput): Promise<ConnectionStatus>;
  /**
   * The first-run checklist: credentials work, the region answers, a key pair exists there (and a
   * key file or an SSH agent holds its key), ingress (your public IP, or a CIDR), a revisions bucket.
   */
  checklist(input: NoInput): Promise<SetupChecklist>;
}
