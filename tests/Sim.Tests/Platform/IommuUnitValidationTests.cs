using IommuSim.Iommu;
using IommuSim.Parameters;
using IommuSim.Platform;
using static IommuSim.Tests.Platform.TopologyFixture;

namespace IommuSim.Tests.Platform;

public class IommuUnitValidationTests
{
    private static readonly TopologySpec Machine = new()
    {
        RootBuses = [new RootBusSpec(), new RootBusSpec { Bus = "0000:80", BypassIommu = true }],
        Devices =
        [
            RootPort("0000:00:01.0", acs: true),
            new EndpointSpec { Bdf = "0000:01:00.0", Parent = "0000:00:01.0", Vfs = 2 },
            RootPort("0000:00:02.0", acs: true),
            Endpoint("0000:02:00.0", "0000:00:02.0"),
            RootPort("0000:80:01.0", acs: true),
        ],
    };

    private static List<SpecProblem> Problems(params IommuUnitSpec[] units) =>
        new PlatformSpec { Topology = Machine, IommuUnits = units }.Validate().ToList();

    [Fact]
    public void Units_take_the_platform_kind_unless_they_name_the_same_one()
    {
        var topology = PciTopology.FromSpec(Machine);
        var scope = IommuScope.FromSpec(topology,
            [new IommuUnitSpec { Name = "a", Subtrees = ["0000:00:01.0"] }, new IommuUnitSpec { Name = "b", Kind = IommuKind.ArmSmmuV3, IncludeAll = true }],
            IommuKind.ArmSmmuV3);
        Assert.Equal(IommuKind.ArmSmmuV3, scope.Kind);
        Assert.All(scope.Units, u => Assert.Equal(IommuKind.ArmSmmuV3, u.Kind));
        Assert.Empty(new PlatformSpec { Topology = Machine, Iommu = new IommuParams { Kind = IommuKind.AmdVi } }.Validate());
    }

    [Fact]
    public void The_default_platform_has_one_include_all_unit_and_is_valid()
    {
        var platform = new PlatformSpec { Topology = Machine };
        Assert.Equal("dmar0", Assert.Single(platform.IommuUnits).Name);
        Assert.True(platform.IommuUnits[0].IncludeAll);
        Assert.Empty(platform.Validate());
    }

    public static TheoryData<IommuUnitSpec[], string, string> BadUnits => new()
    {
        { [new() { Name = "a", IncludeAll = true }, new() { Name = "a", Devices = ["0000:02:00.0"] }], "iommu_units.1.name", "used twice" },
        { [new() { Name = "a", IncludeAll = true }, new() { Name = "b", Kind = IommuKind.AmdVi, Devices = ["0000:02:00.0"] }],
            "iommu_units.1.kind", "unit 'b' is amd-vi but platform.iommu.kind is intel-vtd: Linux runs one IOMMU driver per host" },
        { [new() { Name = "a", IncludeAll = true }, new() { Name = "b", IncludeAll = true }], "iommu_units.1.include_all", "at most one" },
        { [new() { Name = "a", Devices = ["0000:09:00.0"] }], "iommu_units.0.devices.0", "there is no function 0000:09:00.0" },
        { [new() { Name = "a", Devices = ["0000:01:10.0"] }], "iommu_units.0.devices.0", "list its physical function 0000:01:00.0" },
        { [new() { Name = "a", Subtrees = ["0000:80:01.0"] }], "iommu_units.0.subtrees.0", "bypasses the IOMMU" },
        { [new() { Name = "a", Segment = 1, Devices = ["0000:02:00.0"] }], "iommu_units.0.devices.0", "serves segment 0001" },
        { [new() { Name = "a", Subtrees = ["0000:00:02.0"] }, new() { Name = "b", Devices = ["0000:02:00.0"] }],
            "iommu_units.1", "0000:02:00.0 is in the scope of both 'a' and 'b'" },
    };

    [Theory]
    [MemberData(nameof(BadUnits))]
    public void Inconsistent_units_are_refused_with_the_key_and_the_reason(IommuUnitSpec[] units, string key, string reason)
    {
        Assert.Contains(Problems(units), p => p.Key == key && p.Message.Contains(reason, StringComparison.Ordinal));
        var topology = PciTopology.FromSpec(Machine);
        var ex = Assert.Throws<ArgumentException>(() => IommuScope.FromSpec(topology, units, IommuKind.IntelVtd));
        Assert.Contains(reason, ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(true, new[] { "0000:00:01.0" }, "also lists devices or subtrees")]
    [InlineData(false, new string[0], "translates nothing")]
    [InlineData(false, new[] { "0000:00:01" }, "is not a PCI address")]
    public void A_unit_checks_its_own_keys(bool includeAll, string[] devices, string reason)
    {
        var unit = new IommuUnitSpec { Name = "u", IncludeAll = includeAll, Devices = devices };
        Assert.Contains(unit.Validate(), p => p.Message.Contains(reason, StringComparison.Ordinal));
    }
}
