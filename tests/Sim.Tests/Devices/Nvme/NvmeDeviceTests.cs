using IommuSim.Devices.Nvme;
using IommuSim.Iommu.Interrupts;
using IommuSim.Kernel;
using IommuSim.Model;
using IommuSim.Model.Spec;
using IommuSim.Pcie;
using IommuSim.Platform;
using IommuSim.Units;

namespace IommuSim.Tests.Devices.Nvme;

/// <summary>
/// The NVMe SSD end to end: an I/O's latency at queue depth 1 summed by hand; the descriptor reads of PRPs and SGLs,
/// each a translated DMA; the closed-loop throughput of a single exponential channel against the machine-repairman model.
/// </summary>
public class NvmeDeviceTests
{
    private static readonly PcieLinkParams Gen3x4 = new() { Lanes = 4 };

    private static long Wire(long bytes) => (long)Math.Ceiling(bytes * 8e12 / new LinkBandwidth(Gen3x4).TlpLayer.BitsPerSecond);

    // An SSD's x4 link (the 970 PRO's), as every test here sets it.
    private static ScenarioSpec Scenario(NvmeSpec nvme, HostMode mode = HostMode.Off, SimTime? duration = null) => new()
    {
        Run = new RunSpec { Duration = duration ?? SimTime.FromMilliseconds(10), Warmup = SimTime.FromMilliseconds(1), Seed = 5 },
        Host = new HostSpec { Mode = mode, Cpus = 1, Intremap = mode != HostMode.Off },
        Devices = [nvme with { Pcie = Gen3x4 }],
    };

    private static (RunResult Result, NvmeDevice Device, SystemModel Model) Run(ScenarioSpec spec)
    {
        var model = new SystemModel(spec, 0);
        var result = model.Run("base");
        return (result, (NvmeDevice)model.Devices[0], model);
    }

    private static double Figure(RunResult r, string name) => r.Devices[0].Figures.Single(f => f.Name == name).Value;

    [Fact]
    public void At_queue_depth_1_an_io_takes_the_sum_of_the_paths_fixed_latencies()
    {
        var (result, nvme, _) = Run(Scenario(new NvmeSpec { Name = "nvme0", BufferPages = BufferPages.Contiguous }));
        Assert.True(nvme.IoLatency.Count > 100);
        Assert.Equal(nvme.IoLatency.Min, nvme.IoLatency.Max);
        long l = Gen3x4.Latency.Picoseconds;
        long cycles = (long)Math.Round(1000 / 2.1 * 1000);                           // 1,000 cycles at 2.1 GHz
        // The command: 24 B of request (4DW, above 4 GiB) up, the DRAM read, 64 B in a completion (20 B) down.
        long fetch = l + Wire(24) + l + 90_000 + Wire(84) + l;
        // The media: 21.5 + 35.76 us, then 4 KiB at 800 MB/s.
        long media = 57_260_000 + 5_120_000;
        // The data: 16 TLPs of 256 B with 24 B each; the completion entry (16 + 24 B) follows and retires after it; the
        // MSI (4 + 20 B, below 4 GiB) retires with it; a compatibility MSI takes 17 ns; the handler and the completion
        // cost 1,000 cycles each; dma-direct's unmap costs nothing.
        long transfer = Wire(4480) + l + 300_000;
        long completion = Wire(4520) - Wire(4480) + new InterruptRemappingParams().DeliveryLatency.Picoseconds + 2 * cycles;
        Assert.Equal(cycles, nvme.SubmitLatency.Max);
        Assert.Equal(fetch, nvme.FetchLatency.Max);
        Assert.Equal(0, nvme.PointerLatency.Max);
        Assert.Equal(media, nvme.MediaLatency.Max);
        Assert.Equal(transfer, nvme.TransferLatency.Max);
        Assert.Equal(completion, nvme.CompletionLatency.Max);
        Assert.Equal(cycles + fetch + media + transfer + completion, nvme.IoLatency.Max);
        Assert.Equal(0, result.Devices[0].Aborted);
    }

    [Theory]
    [InlineData(8, 0, 0)]        // two pages: PRP1 and PRP2, no list
    [InlineData(16, 1, 24)]      // four pages: PRP2 points to a list of 3 entries
    [InlineData(64, 1, 120)]     // 16 pages: a list of 15 entries
    public void Prps_read_the_lists_the_spec_says_each_a_translated_dma(int kib, int listReads, int listBytes)
    {
        var spec = new NvmeSpec { Name = "nvme0", IoSize = ByteSize.FromKiB(kib) };
        var (result, nvme, _) = Run(Scenario(spec, HostMode.Lazy));
        var d = result.Devices[0];
        Assert.Equal(listReads * d.Completed, (long)Figure(result, "prp_list_reads"), tolerance: 1);
        Assert.Equal(0, Figure(result, "sgl_segment_reads"));
        // With the IOMMU the I/O's pages are one IOVA range: command, list, the data's 4 KiB pieces and the completion
        // entry are each translated.
        // Translations count when made, completions when done: the I/Os cut by the window's ends blur it by up to two.
        int perIo = 1 + listReads + kib / 4 + 1;
        double translations = (double)(d.IotlbHits + d.IotlbMisses) / d.Completed;
        Assert.InRange(translations, perIo - 2.0 * perIo / d.Completed, perIo + 2.0 * perIo / d.Completed);
        // A list read takes its entries' bytes on the link and a round trip: the pointer part is at least a read's.
        if (listReads > 0) Assert.True(nvme.PointerLatency.Min > 2 * Gen3x4.Latency.Picoseconds + Wire(listBytes));
        else Assert.Equal(0, nvme.PointerLatency.Max);
    }

    [Fact]
    public void Sgls_replace_the_prp_list_when_the_average_segment_reaches_the_threshold()
    {
        // 128 KiB of scattered 4 KiB pages without an IOMMU: 32 segments of 4 KiB. Below the 32 KiB threshold, PRPs with a
        // list of 31 entries; with the threshold at 4 KiB, an SGL whose 32 data-block descriptors the controller reads.
        var prp = new NvmeSpec { Name = "nvme0", IoSize = ByteSize.FromKiB(128), DataPointers = new NvmeDataPointerParams { Sgl = true } };
        var a = Run(Scenario(prp)).Result;
        Assert.Equal(a.Devices[0].Completed, (long)Figure(a, "prp_list_reads"), tolerance: 1);
        Assert.Equal(0, Figure(a, "sgl_segment_reads"));
        var sgl = prp with { DataPointers = new NvmeDataPointerParams { Sgl = true, SglThreshold = ByteSize.FromKiB(4) } };
        var b = Run(Scenario(sgl)).Result;
        Assert.Equal(b.Devices[0].Completed, (long)Figure(b, "sgl_segment_reads"), tolerance: 1);
        Assert.Equal(0, Figure(b, "prp_list_reads"));
        // One contiguous run is a single data block in the command: nothing to read.
        var one = Run(Scenario(sgl with { BufferPages = BufferPages.Contiguous })).Result;
        Assert.Equal(0, Figure(one, "sgl_segment_reads") + Figure(one, "prp_list_reads"));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(4)]
    [InlineData(8)]
    public void A_single_exponential_channel_in_closed_loop_follows_the_machine_repairman_model(int depth)
    {
        // One channel with exponential service of mean S = 20 us; the rest of an I/O's path is a delay of Z (its QD1
        // latency less the media), so N I/Os circulate as N machines and one repairman: X = (1 - p0) / S, with
        // p0 = 1 / sum_k N!/(N-k)! (S/Z)^k (Kleinrock vol. 1, §3.10; the delay's distribution does not matter).
        var media = new NvmeMediaParams { ReadLatency = SimTime.FromMicroseconds(20), ChannelBandwidth = BitRate.FromGbps(1000), Channels = 1,
            Distribution = MediaDistribution.Exponential };
        var spec = new NvmeSpec { Name = "nvme0", Media = media, IoDepth = depth, BufferPages = BufferPages.Contiguous };
        var (_, qd1, _) = Run(Scenario(spec with { IoDepth = 1, Media = media with { Distribution = MediaDistribution.Constant } }));
        double s = 20e-6 + 4096 * 8 / 1e12;
        double z = qd1.IoLatency.Mean * 1e-12 - s;
        var (result, _, _) = Run(Scenario(spec, duration: SimTime.FromMilliseconds(200)));
        double sum = 0, term = 1;
        for (int k = 0; k <= depth; k++)
        {
            sum += term;
            term *= (depth - k) * (s / z);
        }
        double x = (1 - 1 / sum) / s;
        Assert.InRange(Figure(result, "iops") / x, 0.97, 1.03);
    }
}
