using IommuSim.Devices.Nic;
using IommuSim.Kernel.Randomness;
using IommuSim.Tests.Support;
using IommuSim.Units;

namespace IommuSim.Tests.Devices.Nic;

public class TrafficAllocationTests
{
    [Theory]
    [InlineData(TrafficPattern.Constant, FrameSizeMix.Fixed, 0.0)]
    [InlineData(TrafficPattern.Poisson, FrameSizeMix.Imix, 0.0)]
    [InlineData(TrafficPattern.OnOff, FrameSizeMix.Cdf, 1.2)]
    public void Drawing_frames_allocates_nothing(TrafficPattern pattern, FrameSizeMix sizes, double skew)
    {
        var cdf = FrameSizeCdfParser.Parse("60 0.4\n590 0.7\n1514 1\n").Distribution;
        var source = FrameSource.Create(new TrafficParams { Pattern = pattern, Sizes = sizes, Skew = skew, CdfFile = "in-memory" },
            new RssIndirection(8, 128), new EthernetLink(BitRate.FromGbps(100), vlanTagged: true), new RandomStreams(3), cdf);
        long sink = 0;
        void Draw()
        {
            for (int i = 0; i < 10_000; i++)
            {
                var f = source.Next();
                sink += f.Gap.Picoseconds + f.Bytes + f.Queue;
            }
        }
        Draw();   // JIT and tiering first
        Assert.Equal(0, AllocationProbe.LeastBytes(Draw));
        Assert.True(sink > 0);
    }
}
