export const STATE_ENV = 'PERKRANK_TEST_STATE';

export interface TestRunState {
  serverUrl: string;
  template: string;
  dataDir?: string;
  embeddedPid?: number;
}
