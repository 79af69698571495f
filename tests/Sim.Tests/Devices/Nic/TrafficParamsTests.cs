using System.Reflection;
using System.Text.RegularExpressions;
using IommuSim.Devices.Nic;
using IommuSim.Kernel;
using IommuSim.Kernel.Randomness;
using IommuSim.Parameters;
using IommuSim.Units;

namespace IommuSim.Tests.Devices.Nic;

public class TrafficParamsTests
{
    [Fact]
    public void Every_key_has_a_description_a_source_and_bounds_for_numbers()
    {
        var keys = new HashSet<string>();
        foreach (var property in typeof(TrafficParams).GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.SetMethod is null) continue;
            var param = property.GetCustomAttribute<ParamAttribute>();
            Assert.NotNull(param);
            Assert.Matches(new Regex("^[a-z][a-z0-9_]*$"), param.Key);
            Assert.True(keys.Add(param.Key), param.Key);
            Assert.False(string.IsNullOrWhiteSpace(param.Description));
            Assert.False(string.IsNullOrWhiteSpace(param.Source), $"{property.Name} has no source");
            var t = property.PropertyType;
            if (t == typeof(int) || t == typeof(double) || t == typeof(SimTime) || t == typeof(ByteSize))
            {
                Assert.False(double.IsNaN(param.Min), $"{property.Name} has no minimum");
                Assert.False(double.IsNaN(param.Max), $"{property.Name} has no maximum");
            }
        }
    }

    [Fact]
    public void The_defaults_are_valid_and_a_cdf_needs_its_file()
    {
        Assert.Empty(new TrafficParams().Validate());
        var problem = Assert.Single(new TrafficParams { Sizes = FrameSizeMix.Cdf }.Validate());
        Assert.Equal("cdf_file", problem.Key);
        Assert.Equal(["load", "size"], new TrafficParams { Load = 0, Size = ByteSize.FromBytes(59) }.Validate().Select(p => p.Key).Order());
    }

    [Fact]
    public void Create_builds_the_parts_the_parameters_name()
    {
        var link = new EthernetLink(BitRate.FromGbps(25));
        var streams = new RandomStreams(9);
        var source = FrameSource.Create(new TrafficParams { Pattern = TrafficPattern.OnOff, Sizes = FrameSizeMix.Imix, Skew = 1.1 }, new RssIndirection(8, 128), link, streams);
        Assert.IsType<OnOffArrivals>(source.Arrivals);
        Assert.IsType<SimpleImix>(source.Sizes);
        Assert.Equal(0.5, source.Arrivals.MeanLoad, 12);   // 100 us on, 100 us off
        Assert.Equal(8, source.Rss.Queues);
        var frame = source.Next();
        Assert.Equal(source.Rss.QueueOf(frame.Flow), frame.Queue);
        Assert.Throws<ArgumentException>(() => FrameSource.Create(new TrafficParams { Sizes = FrameSizeMix.Cdf, CdfFile = "x.cdf" }, new RssIndirection(8, 128), link, streams));
        Assert.Throws<ArgumentException>(() => FrameSource.Create(new TrafficParams { Load = 0 }, new RssIndirection(8, 128), link, streams));
    }
}
