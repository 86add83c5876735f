/** What feature modules may read besides the document: the client's locale and the workspace's functions. */
import type { Locale } from '../fdl/messages';

/** A function declared in a Serverless Devs s.yaml (or listed by the cloud account), offered as a `resourceArn`. */
export interface WorkspaceFunction {
  arn: string;
  /** `fc`: FC 2.0 (service + function, s.yaml 1.0.0); `fc3`: FC 3.0 (functions only, s.yaml 3.0.0). */
  flavor: 'fc' | 'fc3';
  serviceName?: string;
  functionName: string;
  region?: string;
  /** The s.yaml it was read from (a file URI or path). */
  source: string;
  runtime?: string;
  handler?: string;
}

export interface FeatureEnv {
  locale: Locale;
  workspaceFunctions(): WorkspaceFunction[];
}
