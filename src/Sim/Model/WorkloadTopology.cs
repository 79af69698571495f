using System.Globalization;
using IommuSim.Devices;
using IommuSim.Model.Spec;
using IommuSim.Platform;

namespace IommuSim.Model;

/// <summary>
/// Where the workload devices sit in the PCI topology. A scenario that declares no topology gets one
/// made for it: each device behind its own root port with ACS, so each is its own IOMMU group, as
/// discrete PCIe cards in separate slots of a server are.
/// </summary>
public static class WorkloadTopology
{
    /// <summary>The driver name the generated endpoints are bound to (shown in io_page_fault events).</summary>
    public const string DriverName = "iommusim";

    /// <summary>Device <paramref name="index"/>'s address: its <c>bdf</c>, or <see cref="DefaultAddress"/> when empty.</summary>
    public static PciAddress AddressOf(DeviceSpec device, int index)
    {
        ArgumentNullException.ThrowIfNull(device);
        return string.IsNullOrEmpty(device.Bdf) ? DefaultAddress(index) : PciAddress.Parse(device.Bdf);
    }

    /// <summary>Devices a generated topology holds: one root port each on bus 00, whose device numbers are 1 to 31.</summary>
    public const int MaxGeneratedDevices = 31;

    /// <summary>Whether device <paramref name="index"/> has a default address (bus index + 1 is a bus number).</summary>
    public static bool HasDefaultAddress(int index) => index is >= 0 and < 255;

    /// <summary>The address of device <paramref name="index"/> that gives none: function 0 on bus index + 1.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Bus index + 1 is past 0xff (see <see cref="HasDefaultAddress"/>).</exception>
    public static PciAddress DefaultAddress(int index) => new(0, index + 1, 0, 0);

    /// <summary>The platform with its topology: the scenario's own, or one generated for its devices.</summary>
    public static PlatformSpec Complete(ScenarioSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (spec.Platform.Topology.Devices.Count > 0) return spec.Platform;
        var functions = new List<PciDeviceSpec>();
        for (int i = 0; i < spec.Devices.Count; i++)
        {
            var address = AddressOf(spec.Devices[i], i);
            if (address.Bus == 0)
            {
                functions.Add(new EndpointSpec { Bdf = address.ToString(), Driver = DriverName });
                continue;
            }
            string port = string.Create(CultureInfo.InvariantCulture, $"0000:00:{i + 1:x2}.0");
            functions.Add(new RootPortSpec { Bdf = port, Acs = [AcsFlags.Isolating] });
            functions.Add(new EndpointSpec { Bdf = address.ToString(), Parent = port, Driver = DriverName });
        }
        return spec.Platform with { Topology = spec.Platform.Topology with { Devices = functions } };
    }
}
