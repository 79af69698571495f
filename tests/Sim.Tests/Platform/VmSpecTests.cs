using IommuSim.Devices.DmaStream;
using IommuSim.Host.Vfio;
using IommuSim.Model.Spec;
using IommuSim.Platform;
using IommuSim.Units;
using static IommuSim.Tests.Platform.TopologyFixture;

namespace IommuSim.Tests.Platform;

public class VmSpecTests
{
    [Theory]
    [InlineData(4096L * 3, 4096L, null)]
    [InlineData(1L << 30, 3L << 20, "page_size must be 4KiB, 2MiB or 1GiB")]
    [InlineData(3L << 29, 1L << 30, "must be a whole number of 1GiB pages")]
    public void Memory_is_whole_pages_of_a_supported_size(long memory, long page, string? problem)
    {
        var vm = new VmSpec { Name = "vm", Memory = new ByteSize(memory), PageSize = new ByteSize(page) };
        var problems = vm.Validate().ToList();
        if (problem is null) Assert.Empty(problems);
        else Assert.Contains(problems, p => p.Message.Contains(problem, StringComparison.Ordinal));
    }

    [Fact]
    public void Devices_must_parse_and_appear_once()
    {
        var vm = new VmSpec { Name = "vm", Memory = ByteSize.FromGiB(1), Devices = ["0000:01:00.0", "01:00.0", "x"] };
        var problems = vm.Validate().ToList();
        Assert.Contains(problems, p => p.Key == "devices.1" && p.Message == "0000:01:00.0 is listed twice");
        Assert.Contains(problems, p => p.Key == "devices.2" && p.Message.Contains("is not a PCI address", StringComparison.Ordinal));
    }

    [Fact]
    public void The_scenario_checks_assigned_functions_against_the_topology()
    {
        var scenario = new ScenarioSpec
        {
            Devices = [new DmaStreamSpec { Name = "nic" }],
            Platform = new PlatformSpec
            {
                Topology = Topology(RootPort("0000:00:01.0", acs: true), Endpoint("0000:01:00.0", "0000:00:01.0", driver: "vfio-pci")),
            },
            Vms =
            [
                new VmSpec { Name = "a", Memory = ByteSize.FromGiB(1), Devices = ["0000:01:00.0", "0000:00:01.0", "0000:05:00.0"] },
                new VmSpec { Name = "a", Memory = ByteSize.FromGiB(1), Devices = ["0000:01:00.0"] },
            ],
        };
        var problems = scenario.Validate().ToList();
        Assert.Contains(problems, p => p.Key == "vms.1.name" && p.Message.Contains("used twice", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Key == "vms.0.devices.1" && p.Message.Contains("vfio-pci binds only normal", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Key == "vms.0.devices.2" && p.Message.Contains("there is no function 0000:05:00.0", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Key == "vms.1.devices.0" && p.Message == "0000:01:00.0 is already assigned to VM 'a'");
    }
}
