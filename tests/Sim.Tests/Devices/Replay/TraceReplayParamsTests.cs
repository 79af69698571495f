using System.Reflection;
using System.Text.RegularExpressions;
using IommuSim.Devices.Replay;
using IommuSim.Kernel;
using IommuSim.Parameters;

namespace IommuSim.Tests.Devices.Replay;

public class TraceReplayParamsTests
{
    [Fact]
    public void Every_key_has_a_description_a_source_and_bounds_for_numbers()
    {
        var keys = new List<string>();
        foreach (var property in typeof(TraceReplayParams).GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.SetMethod is null) continue;
            var param = property.GetCustomAttribute<ParamAttribute>();
            Assert.NotNull(param);
            Assert.Matches(new Regex("^[a-z][a-z0-9_]*$"), param.Key);
            keys.Add(param.Key);
            Assert.False(string.IsNullOrWhiteSpace(param.Description));
            Assert.False(string.IsNullOrWhiteSpace(param.Source), $"{property.Name} has no source");
            if (property.PropertyType == typeof(double))
                Assert.True(!double.IsNaN(param.Min) && !double.IsNaN(param.Max), $"{property.Name} has no bounds");
        }
        Assert.Equal(["file", "format", "speed", "loop"], keys);
    }

    [Fact]
    public void The_defaults_replay_a_csv_once_at_its_own_speed_and_need_a_file()
    {
        var defaults = new TraceReplayParams();
        Assert.Equal((TraceFormat.Csv, 1.0, false), (defaults.Format, defaults.Speed, defaults.Loop));
        Assert.Equal("file", Assert.Single(defaults.Validate()).Key);
        Assert.Empty(new TraceReplayParams { File = "trace.csv" }.Validate());
        Assert.Equal("speed", Assert.Single(new TraceReplayParams { File = "t.csv", Speed = 0 }.Validate()).Key);
        Assert.Equal("speed", Assert.Single(new TraceReplayParams { File = "t.csv", Speed = double.NaN }.Validate()).Key);
    }

    [Theory]
    [InlineData(1.0, 3_000_000L, 3_000_000L)]   // exact at speed 1
    [InlineData(2.0, 3_000_000L, 1_500_000L)]   // twice as fast: half the gap
    [InlineData(0.5, 3_000_000L, 6_000_000L)]
    [InlineData(3.0, 1_000L, 333L)]             // 333.3 ps rounds to 333
    [InlineData(3.0, 2_000L, 667L)]             // 666.7 ps rounds to 667
    public void Speed_divides_the_time_since_the_first_record(double speed, long sincePs, long scaledPs)
    {
        var p = new TraceReplayParams { File = "t.csv", Speed = speed };
        Assert.Equal(scaledPs, p.ScaledOffset(SimTime.FromPicoseconds(sincePs)).Picoseconds);
    }
}
