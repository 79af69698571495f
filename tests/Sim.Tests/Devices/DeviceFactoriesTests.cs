using System.Reflection;
using IommuSim.Devices;
using IommuSim.Devices.DmaStream;
using IommuSim.Parameters;

namespace IommuSim.Tests.Devices;

/// <summary>A kind of device is a plug-in: every spec kind scenario files can name has exactly one factory.</summary>
public class DeviceFactoriesTests
{
    private static IEnumerable<Type> Kinds() => typeof(DeviceSpec).Assembly.GetTypes()
        .Where(t => !t.IsAbstract && t.IsSubclassOf(typeof(DeviceSpec)) && t.GetCustomAttribute<SpecVariantAttribute>() is not null);

    [Fact]
    public void Every_device_kind_has_its_factory_and_every_factory_a_kind()
    {
        var kinds = Kinds().ToHashSet();
        Assert.Contains(typeof(DmaStreamSpec), kinds);
        Assert.Equal(kinds.OrderBy(t => t.Name), DeviceFactories.SpecTypes.OrderBy(t => t.Name));
    }

    [Fact]
    public void The_factory_of_a_spec_is_the_one_for_its_type()
    {
        var spec = new DmaStreamSpec { Name = "d" };
        Assert.IsType<DmaStreamFactory>(DeviceFactories.For(spec));
    }
}
