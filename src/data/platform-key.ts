import { RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import type { PlatformKeyModel } from './resolve';
import { grantsOnlyForAwsResources } from '../security/key-grants';

export interface PlatformKeyProps {
  readonly key: PlatformKeyModel;
  readonly removalPolicy: RemovalPolicy;
}

/** Key administration, without any use of the key. */
const ADMIN_ACTIONS = [
  'kms:Create*',
  'kms:Describe*',
  'kms:Enable*',
  'kms:List*',
  'kms:Put*',
  'kms:Update*',
  'kms:Revoke*',
  'kms:Disable*',
  'kms:Get*',
  'kms:Delete*',
  'kms:TagResource',
  'kms:UntagResource',
  'kms:ScheduleKeyDeletion',
  'kms:CancelKeyDeletion',
  'kms:RotateKeyOnDemand',
];
const USE_ACTIONS = ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:DescribeKey'];

/**
 * One of the platform's two customer keys (SPEC section 8), rotation on. Its policy is written
 * out instead of CDK's default (the account may do anything with the key): the account
 * administers it, the listed services use it for principals of this account (`kms:ViaService`),
 * and only the named workload roles use it directly. Nothing else can encrypt or decrypt with it.
 */
export class PlatformKey extends Construct {
  readonly cfnKey: kms.CfnKey;
  /** The key as the L2 constructs that encrypt with it take it. */
  readonly key: kms.IKey;

  constructor(scope: Construct, id: string, props: PlatformKeyProps) {
    super(scope, id);
    const { account } = Stack.of(this);
    const accountPrincipal = new iam.AccountRootPrincipal();
    const statements = [
      new iam.PolicyStatement({ sid: 'Administer', principals: [accountPrincipal], actions: ADMIN_ACTIONS, resources: ['*'] }),
      new iam.PolicyStatement({
        sid: 'UseThroughServices',
        principals: [accountPrincipal],
        actions: [...USE_ACTIONS, 'kms:CreateGrant', 'kms:ListGrants'],
        resources: ['*'],
        conditions: { StringEquals: { 'kms:ViaService': [...props.key.viaServices], 'kms:CallerAccount': account } },
      }),
    ];
    if (props.key.userRoleArns.length > 0) {
      statements.push(
        new iam.PolicyStatement({
          sid: 'UseByWorkloadRoles',
          principals: [accountPrincipal],
          actions: USE_ACTIONS,
          resources: ['*'],
          // Roles are named by the model, so the key names them before the cluster stack creates them.
          conditions: { ArnEquals: { 'aws:PrincipalArn': [...props.key.userRoleArns] } },
        }),
      );
    }
    statements.push(grantsOnlyForAwsResources());
    this.cfnKey = new kms.CfnKey(this, 'Key', {
      description: props.key.description,
      enableKeyRotation: true,
      // Plain JSON, so that `fromCfnKey` below can read the policy back.
      keyPolicy: new iam.PolicyDocument({ statements }).toJSON(),
      pendingWindowInDays: props.removalPolicy === RemovalPolicy.RETAIN ? 30 : 7,
    });
    this.cfnKey.applyRemovalPolicy(props.removalPolicy);
    new kms.CfnAlias(this, 'Alias', { aliasName: props.key.alias, targetKeyId: this.cfnKey.ref });
    this.key = kms.Key.fromCfnKey(this.cfnKey);
  }
}
