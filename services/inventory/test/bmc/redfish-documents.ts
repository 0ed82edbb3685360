export const RESET_TYPES = [
  'On',
  'ForceOff',
  'GracefulShutdown',
  'GracefulRestart',
  'ForceRestart',
  'Nmi',
  'ForceOn',
  'PushPowerButton',
  'PowerCycle',
];
export const BOOT_TARGETS = [
  'None',
  'Pxe',
  'Cd',
  'Usb',
  'Hdd',
  'BiosSetup',
  'Utilities',
  'Diags',
  'UefiShell',
  'UefiTarget',
  'SDCard',
  'UefiHttp',
];

export interface SystemState {
  power: 'On' | 'Off';
  bootEnabled: string;
  bootTarget: string;
  /** Every ResetType carried out, in order. */
  resets: string[];
}

/**
 * The resources of the double by URI, after DMTF's public-rackmount1 mockup (ServiceRoot
 * v1_5_0, ComputerSystem v1_13_0 "437XR1138R2"): the links, @odata annotations and allowable
 * values a client meets on a real service.
 */
export function redfishDocuments(s: SystemState, omit: string[]): Record<string, Record<string, unknown>> {
  const sys = '/redfish/v1/Systems/437XR1138R2';
  const system: Record<string, unknown> = {
    '@odata.type': '#ComputerSystem.v1_13_0.ComputerSystem',
    '@odata.id': sys,
    Id: '437XR1138R2',
    Name: 'WebFrontEnd483',
    SystemType: 'Physical',
    Manufacturer: 'Contoso',
    Model: '3500',
    SerialNumber: '437XR1138R2',
    UUID: '38947555-7742-3448-3784-823347823834',
    Status: { State: 'Enabled', Health: 'OK' },
    PowerState: s.power,
    Boot: {
      BootSourceOverrideEnabled: s.bootEnabled,
      BootSourceOverrideTarget: s.bootTarget,
      'BootSourceOverrideTarget@Redfish.AllowableValues': BOOT_TARGETS,
      BootSourceOverrideMode: 'UEFI',
    },
    BiosVersion: 'P79 v1.45 (12/06/2017)',
    ProcessorSummary: {
      Count: 2,
      Model: 'Multi-Core Intel(R) Xeon(R) processor 7xxx Series',
      Status: { State: 'Enabled', Health: 'OK' },
    },
    MemorySummary: { TotalSystemMemoryGiB: 96, Status: { State: 'Enabled', Health: 'OK' } },
    Actions: {
      '#ComputerSystem.Reset': {
        target: `${sys}/Actions/ComputerSystem.Reset`,
        'ResetType@Redfish.AllowableValues': RESET_TYPES,
      },
    },
    Links: { ManagedBy: [{ '@odata.id': '/redfish/v1/Managers/BMC' }] },
  };
  for (const k of omit) delete system[k];
  return {
    '/redfish/v1': {
      '@odata.type': '#ServiceRoot.v1_5_0.ServiceRoot',
      '@odata.id': '/redfish/v1/',
      Id: 'RootService',
      Name: 'Root Service',
      RedfishVersion: '1.6.0',
      UUID: '92384634-2938-2342-8820-489239905423',
      Systems: { '@odata.id': '/redfish/v1/Systems' },
      Managers: { '@odata.id': '/redfish/v1/Managers' },
      Tasks: { '@odata.id': '/redfish/v1/TaskService' },
      Links: {},
    },
    '/redfish/v1/Systems': {
      '@odata.type': '#ComputerSystemCollection.ComputerSystemCollection',
      '@odata.id': '/redfish/v1/Systems',
      Name: 'Computer System Collection',
      'Members@odata.count': 1,
      Members: [{ '@odata.id': sys }],
    },
    [sys]: system,
    '/redfish/v1/Managers': {
      '@odata.type': '#ManagerCollection.ManagerCollection',
      '@odata.id': '/redfish/v1/Managers',
      Name: 'Manager Collection',
      'Members@odata.count': 0,
      Members: [],
    },
  };
}
