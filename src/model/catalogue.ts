// The standard API resources of a Kubernetes 1.28+ cluster, as `kubectl api-resources` lists
// them (group, scope, short names), plus the virtual resources that only RBAC checks name
// (impersonation's users/groups/userextras/uids, CSR signers). CRDs in the input are added at
// analysis time. Used only to turn what a person types into authorizer attributes.

export interface ApiResource {
  group: string;
  resource: string;
  kind: string;
  namespaced: boolean;
  shortNames: string[];
  /** Not served as an object; only ever named in RBAC checks. */
  virtual?: boolean;
  /** Subresources it serves (pods: exec, log, status, ...): from API discovery, else src/model/subresources.ts. */
  subresources?: string[];
}

type Row = [group: string, resource: string, kind: string, namespaced: boolean, shortNames?: string[], virtual?: boolean];

const ROWS: Row[] = [
  ['', 'bindings', 'Binding', true],
  ['', 'componentstatuses', 'ComponentStatus', false, ['cs']],
  ['', 'configmaps', 'ConfigMap', true, ['cm']],
  ['', 'endpoints', 'Endpoints', true, ['ep']],
  ['', 'events', 'Event', true, ['ev']],
  ['', 'limitranges', 'LimitRange', true, ['limits']],
  ['', 'namespaces', 'Namespace', false, ['ns']],
  ['', 'nodes', 'Node', false, ['no']],
  ['', 'persistentvolumeclaims', 'PersistentVolumeClaim', true, ['pvc']],
  ['', 'persistentvolumes', 'PersistentVolume', false, ['pv']],
  ['', 'pods', 'Pod', true, ['po']],
  ['', 'podtemplates', 'PodTemplate', true],
  ['', 'replicationcontrollers', 'ReplicationController', true, ['rc']],
  ['', 'resourcequotas', 'ResourceQuota', true, ['quota']],
  ['', 'secrets', 'Secret', true],
  ['', 'serviceaccounts', 'ServiceAccount', true, ['sa']],
  ['', 'services', 'Service', true, ['svc']],
  ['', 'users', 'User', false, [], true],
  ['', 'groups', 'Group', false, [], true],
  ['admissionregistration.k8s.io', 'mutatingwebhookconfigurations', 'MutatingWebhookConfiguration', false],
  ['admissionregistration.k8s.io', 'validatingwebhookconfigurations', 'ValidatingWebhookConfiguration', false],
  ['admissionregistration.k8s.io', 'validatingadmissionpolicies', 'ValidatingAdmissionPolicy', false],
  ['admissionregistration.k8s.io', 'validatingadmissionpolicybindings', 'ValidatingAdmissionPolicyBinding', false],
  ['apiextensions.k8s.io', 'customresourcedefinitions', 'CustomResourceDefinition', false, ['crd', 'crds']],
  ['apiregistration.k8s.io', 'apiservices', 'APIService', false],
  ['apps', 'controllerrevisions', 'ControllerRevision', true],
  ['apps', 'daemonsets', 'DaemonSet', true, ['ds']],
  ['apps', 'deployments', 'Deployment', true, ['deploy']],
  ['apps', 'replicasets', 'ReplicaSet', true, ['rs']],
  ['apps', 'statefulsets', 'StatefulSet', true, ['sts']],
  ['authentication.k8s.io', 'selfsubjectreviews', 'SelfSubjectReview', false],
  ['authentication.k8s.io', 'tokenreviews', 'TokenReview', false],
  ['authentication.k8s.io', 'userextras', 'UserExtra', false, [], true],
  ['authentication.k8s.io', 'uids', 'UID', false, [], true],
  ['authorization.k8s.io', 'localsubjectaccessreviews', 'LocalSubjectAccessReview', true],
  ['authorization.k8s.io', 'selfsubjectaccessreviews', 'SelfSubjectAccessReview', false],
  ['authorization.k8s.io', 'selfsubjectrulesreviews', 'SelfSubjectRulesReview', false],
  ['authorization.k8s.io', 'subjectaccessreviews', 'SubjectAccessReview', false],
  ['autoscaling', 'horizontalpodautoscalers', 'HorizontalPodAutoscaler', true, ['hpa']],
  ['batch', 'cronjobs', 'CronJob', true, ['cj']],
  ['batch', 'jobs', 'Job', true],
  ['certificates.k8s.io', 'certificatesigningrequests', 'CertificateSigningRequest', false, ['csr']],
  ['certificates.k8s.io', 'signers', 'Signer', false, [], true],
  ['coordination.k8s.io', 'leases', 'Lease', true],
  ['discovery.k8s.io', 'endpointslices', 'EndpointSlice', true],
  ['events.k8s.io', 'events', 'Event', true, ['ev']],
  ['flowcontrol.apiserver.k8s.io', 'flowschemas', 'FlowSchema', false],
  ['flowcontrol.apiserver.k8s.io', 'prioritylevelconfigurations', 'PriorityLevelConfiguration', false],
  ['networking.k8s.io', 'ingressclasses', 'IngressClass', false],
  ['networking.k8s.io', 'ingresses', 'Ingress', true, ['ing']],
  ['networking.k8s.io', 'networkpolicies', 'NetworkPolicy', true, ['netpol']],
  ['node.k8s.io', 'runtimeclasses', 'RuntimeClass', false],
  ['policy', 'poddisruptionbudgets', 'PodDisruptionBudget', true, ['pdb']],
  ['rbac.authorization.k8s.io', 'clusterrolebindings', 'ClusterRoleBinding', false],
  ['rbac.authorization.k8s.io', 'clusterroles', 'ClusterRole', false],
  ['rbac.authorization.k8s.io', 'rolebindings', 'RoleBinding', true],
  ['rbac.authorization.k8s.io', 'roles', 'Role', true],
  ['scheduling.k8s.io', 'priorityclasses', 'PriorityClass', false, ['pc']],
  ['storage.k8s.io', 'csidrivers', 'CSIDriver', false],
  ['storage.k8s.io', 'csinodes', 'CSINode', false],
  ['storage.k8s.io', 'csistoragecapacities', 'CSIStorageCapacity', true],
  ['storage.k8s.io', 'storageclasses', 'StorageClass', false, ['sc']],
  ['storage.k8s.io', 'volumeattachments', 'VolumeAttachment', false],
];

export const BUILTIN_RESOURCES: readonly ApiResource[] = ROWS.map(([group, resource, kind, namespaced, shortNames = [], virtual]) => ({
  group,
  resource,
  kind,
  namespaced,
  shortNames,
  ...(virtual ? { virtual } : {}),
}));
