using IommuSim.Parameters;
using IommuSim.Platform;

namespace IommuSim.Tests.Platform;

/// <summary>Short builders for topology specs, so tests read like the topology they describe.</summary>
internal static class TopologyFixture
{
    public static readonly IReadOnlyList<AcsFlags> Acs = [AcsFlags.Isolating];

    public static RootPortSpec RootPort(string bdf, bool acs) => new() { Bdf = bdf, Acs = acs ? Acs : [] };

    public static SwitchUpstreamPortSpec UpstreamPort(string bdf, string parent) => new() { Bdf = bdf, Parent = parent };

    public static SwitchDownstreamPortSpec DownstreamPort(string bdf, string parent, bool acs) =>
        new() { Bdf = bdf, Parent = parent, Acs = acs ? Acs : [] };

    public static PcieToPciBridgeSpec PciBridge(string bdf, string parent = "") => new() { Bdf = bdf, Parent = parent };

    public static EndpointSpec Endpoint(string bdf, string parent = "", string driver = "", bool acs = false) =>
        new() { Bdf = bdf, Parent = parent, Driver = driver, Acs = acs ? Acs : [] };

    public static TopologySpec Topology(params PciDeviceSpec[] devices) => new() { Devices = devices };

    public static List<SpecProblem> Problems(TopologySpec spec) => spec.Validate().ToList();
}
