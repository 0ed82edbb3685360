"""Drives Paddock's Redfish test double with python3-sushy (OpenStack's Redfish client).

Prints one JSON object of what sushy saw; any exception fails the check with its message.
Usage: sushy-check.py URL USER PASSWORD sync|async (the double answering resets at once or
with a task monitor).
"""
import json
import sys

import sushy
from sushy.taskmonitor import TaskMonitor

url, user, password, mode = sys.argv[1:5]
root = sushy.Sushy(url + '/redfish/v1/', username=user, password=password, auth=None)
members = [m for m in root.get_system_collection().members_identities]
system = root.get_system(members[0])
out = {
    'members': members,
    'power_before': str(system.power_state.value),
    'allowed_resets': sorted(v.value for v in system.get_allowed_reset_system_values()),
}
if mode == 'sync':
    system.reset_system(sushy.ResetType.ON)
    system.set_system_boot_options(target=sushy.BootSource.PXE, enabled=sushy.BootSourceOverrideEnabled.ONCE)
    system.refresh()
    out['power_after'] = str(system.power_state.value)
    out['boot'] = [str(system.boot.target.value), str(system.boot.enabled.value)]
    try:
        system.reset_system('Bogus')
    except sushy.exceptions.InvalidParameterValueError as e:
        out['bogus'] = 'refused by sushy: ' + str(e)[:60]
else:
    # POST the action ourselves and let sushy's TaskMonitor follow it.
    resp = root._conn.post(system._get_reset_action_element().target_uri, data={'ResetType': 'ForceOff'})
    out['async_status'] = resp.status_code
    if resp.status_code == 202:
        mon = TaskMonitor(root._conn, resp.headers['Location'])
        mon.wait(10)
        out['task_final_status'] = mon.response.status_code
system.refresh()
out['power_final'] = str(system.power_state.value)
try:
    sushy.Sushy(url + '/redfish/v1/', username=user, password='wrong').get_system_collection()
except sushy.exceptions.AccessError as e:
    out['wrong_password'] = 'AccessError %d' % e.status_code
print(json.dumps(out))
