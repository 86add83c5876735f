/**
 * The cloud SDKs, each required on first use: signing in, a cloud flow list, deploy, the account's
 * functions. Activating the extension never loads them (they are most of the extension's code), and
 * esbuild.mjs bundles them apart, as dist/cloud-sdks.js, so activating does not even read them.
 * Import types from the packages freely; values come from here.
 */
/* eslint-disable @typescript-eslint/no-require-imports */
import type * as Credentials from '@alicloud/credentials';
import type * as Fc2 from '@alicloud/fc-open20210406';
import type * as Fc3 from '@alicloud/fc20230330';
import type * as OpenApiClient from '@alicloud/openapi-client';
import type * as OpenApiCore from '@alicloud/openapi-core';

export const credentialsSdk = (): typeof Credentials => require('@alicloud/credentials');
export const fc2Sdk = (): typeof Fc2 => require('@alicloud/fc-open20210406');
export const fc3Sdk = (): typeof Fc3 => require('@alicloud/fc20230330');
export const openApiClientSdk = (): typeof OpenApiClient => require('@alicloud/openapi-client');
export const openApiCoreSdk = (): typeof OpenApiCore => require('@alicloud/openapi-core');
/** `@alicloud/fnf-2019-03-15` has no types: fnf-client.ts says what it uses of it. */
export const fnfSdk = (): unknown => require('@alicloud/fnf-2019-03-15');
