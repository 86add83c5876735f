/** What feature modules may read besides the document: the client's locale and the workspace's functions. */
import type { Locale } from '../fdl/index';

/** A function declared in a Serverless Devs s.yaml, offered as a `resourceArn`. */
export interface WorkspaceFunction {
  arn: string;
  serviceName?: string;
  functionName: string;
  /** The s.yaml it was read from (a file URI or path). */
  source: string;
  runtime?: string;
  handler?: string;
}

export interface FeatureEnv {
  locale: Locale;
  workspaceFunctions(): WorkspaceFunction[];
}
