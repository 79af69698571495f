using IommuSim.Devices.Accelerator;
using IommuSim.Iommu;
using IommuSim.Kernel;
using IommuSim.Model;
using IommuSim.Model.Spec;
using IommuSim.Pcie;
using IommuSim.Platform;
using IommuSim.Units;

namespace IommuSim.Tests.Devices.Accelerator;

/// <summary>
/// The accelerator's bulk copies: Little's law over its outstanding requests; with ATS and 2 MiB pages its ATC answers
/// all but a huge page's first lookups; with 4 KiB pages ATS only adds Translation Requests; page requests come from
/// the pages not resident, in their share.
/// </summary>
public class AcceleratorDeviceTests
{
    private static ScenarioSpec Scenario(AcceleratorSpec acc) => new()
    {
        Run = new RunSpec { Duration = SimTime.FromMilliseconds(4), Warmup = SimTime.FromMilliseconds(1), Seed = 2 },
        Platform = new PlatformSpec { Iommu = new IommuParams { Ats = new DeviceAtcParams { Enabled = true } } },
        Host = new HostSpec { Mode = HostMode.Lazy, Cpus = 1 },
        Devices = [acc],
    };

    private static AcceleratorSpec Gpu => new() { Name = "gpu0", Pcie = new PcieLinkParams { Generation = 4, Lanes = 16 } };

    private static double Figure(RunResult r, string name) => r.Devices[0].Figures.Single(f => f.Name == name).Value;

    private static (RunResult Result, AcceleratorDevice Device) Run(AcceleratorSpec acc)
    {
        var model = new SystemModel(Scenario(acc), 0);
        var result = model.Run("base");
        return (result, (AcceleratorDevice)model.Devices[0]);
    }

    [Theory]
    [InlineData(4096, false)]
    [InlineData(2 << 20, true)]
    public void Outstanding_requests_obey_littles_law(int page, bool ats)
    {
        var (result, gpu) = Run(Gpu with { PageSize = ByteSize.FromBytes(page), Ats = ats });
        // 16 requests always in flight: completions per second x mean latency = 16.
        double rate = result.Devices[0].Completed / 0.004;
        Assert.InRange(rate * gpu.RequestLatency.Mean * 1e-12, 16 * 0.98, 16 * 1.02);
    }

    [Fact]
    public void With_ats_and_huge_pages_the_atc_answers_all_but_each_pages_first_lookup()
    {
        var (result, _) = Run(Gpu with { PageSize = ByteSize.FromMiB(2), Ats = true });
        // Translations are per 4 KiB piece: 512 per 2 MiB page, streamed in order. The pieces that look a new page up
        // before its first Translation Request is answered miss too: at least the first, at most the 16 pieces of the
        // request that enters the page and those of the next request, so between 1 and 32 of 512.
        var d = result.Devices[0];
        double atc = Figure(result, "atc_hits"), misses = d.IotlbHits + d.IotlbMisses;
        double hugePages = d.Completed * 64.0 / 2048;
        Assert.InRange(misses / hugePages, 1, 32);
        Assert.True(atc / (atc + misses) > 1 - 32 / 512.0);
    }

    [Fact]
    public void With_4_KiB_pages_ats_only_adds_translation_requests()
    {
        var plain = Run(Gpu).Result;
        var ats = Run(Gpu with { Ats = true }).Result;
        // A 256 MiB buffer of 4 KiB pages streamed in order never hits a 32-entry ATC; each miss also crosses the link.
        Assert.Equal(0, Figure(ats, "atc_hits"));
        Assert.True(ats.Devices[0].AchievedGbps < plain.Devices[0].AchievedGbps);
    }

    [Fact]
    public void Page_requests_come_from_the_pages_not_resident_in_their_share()
    {
        var (result, _) = Run(Gpu with { Ats = true, FaultFraction = 0.1 });
        // The measured window reads fresh pages (the 256 MiB buffer is not walked through twice in 5 ms), a tenth of
        // them not resident: the page requests are a binomial draw over the pages the measured requests touched.
        double pages = result.Devices[0].Issued * 16.0;
        double sigma = Math.Sqrt(pages * 0.1 * 0.9);
        Assert.InRange(Figure(result, "page_requests"), pages * 0.1 - 4 * sigma, pages * 0.1 + 4 * sigma);
    }

    [Fact]
    public void In_flight_work_is_bounded_by_the_buffer_and_the_engine()
    {
        // More requests in flight than the buffer holds is refused: 65,536 x 64 MiB, or 4,096 x 1 MiB, over 1 GiB.
        Assert.Contains(new AcceleratorSpec { Name = "a", Outstanding = 65536, RequestSize = ByteSize.FromMiB(64), BufferSize = ByteSize.FromGiB(1) }.Validate(),
            p => p.Key == "outstanding");
        Assert.Contains(new AcceleratorSpec { Name = "a", Outstanding = 4096, RequestSize = ByteSize.FromKiB(1024), BufferSize = ByteSize.FromGiB(1) }.Validate(),
            p => p.Key == "outstanding");
        Assert.DoesNotContain(Gpu.Validate(), p => p.Key == "outstanding");
    }
}
