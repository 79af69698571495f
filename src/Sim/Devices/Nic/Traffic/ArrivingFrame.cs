using IommuSim.Kernel;

namespace IommuSim.Devices.Nic;

/// <summary>One received frame as the traffic generator hands it to a NIC model.</summary>
/// <param name="Gap">Time since the previous frame arrived (its last byte received).</param>
/// <param name="Bytes">Frame length, driver view (no FCS, no VLAN tag): the bytes the NIC writes to the host.</param>
/// <param name="Flow">The flow it belongs to, from 0.</param>
/// <param name="Queue">The receive queue RSS steers it to, from 0.</param>
public readonly record struct ArrivingFrame(SimTime Gap, int Bytes, int Flow, int Queue);
