using System.Globalization;

namespace IommuSim.Scenarios.Tests.Shipped;

/// <summary>
/// The README's answer for each shipped scenario is what the scenario gives: each test runs it as the README does,
/// reads the numbers from its CSVs, writes the README's sentence from them and finds it in the README.
/// </summary>
public sealed class ShippedScenarioAnswerTests
{
    private static string F(double value, string format) => value.ToString(format, CultureInfo.InvariantCulture);

    private static void AssertReadmeSays(string sentence) =>
        Assert.True(ShippedRun.Readme.Contains(sentence, StringComparison.Ordinal), $"the README does not say: {sentence}");

    [Fact]
    public void Strict_vs_lazy_cpu_throughput_and_stale_window()
    {
        using var run = new ShippedRun("strict-vs-lazy");
        string V(string mode, int gbe) => $"{mode}/devices.eth0.line_rate={gbe}Gbps";
        double Busy(string mode, int gbe) => run.Mean("summary.csv", "cpu_busy", V(mode, gbe));
        // At 10 GbE every mode carries what is offered.
        foreach (var mode in new[] { "base", "off", "passthrough", "strict", "swiotlb" })
            Assert.Equal(run.Mean("summary.csv", "offered_gbps", V(mode, 10)), run.Mean("summary.csv", "achieved_gbps", V(mode, 10)), 0.1);
        AssertReadmeSays($"Busy CPUs (`cpu_busy` in `summary.csv`) are {F(Busy("off", 10), "F2")} without an IOMMU or in passthrough, " +
                         $"{F(Busy("swiotlb", 10), "F2")} with SWIOTLB's copies, {F(Busy("base", 10), "F2")} lazy and {F(Busy("strict", 10), "F2")} strict.");
        Assert.Equal(Busy("off", 10), Busy("passthrough", 10), 0.005);
        AssertReadmeSays($"four CPUs carry {F(run.Mean("summary.csv", "achieved_gbps", V("strict", 25)), "F2")} Gbps of the " +
                         $"{F(run.Mean("summary.csv", "offered_gbps", V("strict", 25)), "F2")} offered, while lazy carries all of it with " +
                         $"{F(Busy("base", 25), "F2")} CPUs busy.");
        Assert.Equal(4.0, Busy("strict", 25), 0.01);
        var stale = run.Rows("latency.csv").Where(r => r["metric"] == "stale_window").ToList();
        double StaleMeanUs(int gbe) => stale.Where(r => r["variant"] == V("base", gbe)).Average(r => ShippedRun.Number(r["mean_ns"])) / 1000;
        double StaleMaxUs(int gbe) => stale.Where(r => r["variant"] == V("base", gbe)).Max(r => ShippedRun.Number(r["max_ns"])) / 1000;
        AssertReadmeSays($"{F(StaleMeanUs(10), "F0")} µs on average at 10 GbE (up to {F(StaleMaxUs(10), "F0")} µs) and {F(StaleMeanUs(25), "F0")} µs at 25 GbE");
        // Strict mode has no stale window: every unmap is invalidated before it returns.
        Assert.All(stale.Where(r => r["variant"].StartsWith("strict/", StringComparison.Ordinal)), r => Assert.Equal(0, ShippedRun.Number(r["max_ns"])));
    }

    [Fact]
    public void Iotlb_sizing_hit_rates_follow_entries_over_pages()
    {
        using var run = new ShippedRun("iotlb-sizing-sweep");
        string V(int vfs, int entries) => $"vfs{vfs}/platform.iommu.iotlb.entries={entries}";
        double Hit(int vfs, int entries) => 100 * run.Mean("summary.csv", "iotlb_hit_rate", V(vfs, entries));
        // Closed form: C entries over 64 x VFs equally likely pages hit min(1, C / W) of the time.
        foreach (int vfs in new[] { 1, 4, 16 })
            foreach (int entries in new[] { 64, 256, 1024, 4096 })
                Assert.Equal(100 * Math.Min(1.0, entries / (64.0 * vfs)), Hit(vfs, entries), 1.5);
        AssertReadmeSays($"So 16 VFs hit {F(Hit(16, 64), "F1")}% of the time with 64 entries (6.25% in closed form) and " +
                         $"{F(Hit(16, 256), "F1")}% with 256 (25%), and need 1024 entries to hit {F(Hit(16, 1024), "F1")}%, where one VF needs 64.");
        Assert.Equal(100, Hit(1, 64), 0.1);
        // A miss's walk, from the mean latencies of all-miss-but-6.5% and all-hit: (L64 - L1024) / (1 - h64), to 10 ns.
        double walk = (run.Mean("summary.csv", "lat_mean_ns", V(16, 64)) - run.Mean("summary.csv", "lat_mean_ns", V(16, 1024))) / (1 - Hit(16, 64) / 100);
        AssertReadmeSays($"Each miss costs a page walk, about {F(Math.Round(walk / 10) * 10, "F0")} ns in the mean latency.");
    }

    [Fact]
    public void Vfio_assign_guest_hits_and_host_pf()
    {
        using var run = new ShippedRun("vfio-assign");
        double Hit(string device) => 100 * run.Mean("devices.csv", "iotlb_hit_rate", "base", r => r["device"] == device);
        AssertReadmeSays($"the guest's DMAs hit the IOTLB {F(Hit("vf1-guest"), "F1")}% of the time");
        AssertReadmeSays($"The host's PF, on 4 KiB pages in its lazy default domain, hits {F(Hit("pf-host"), "F1")}%.");
    }

    [Fact]
    public void Bypass_intremap_pitfall_and_fix()
    {
        using var run = new ShippedRun("bypass-intremap");
        double Irq(string variant) => run.Mean("latency.csv", "mean_ns", variant, r => r["device"] == "nic1" && r["metric"] == "interrupt");
        // nic1 is the second device: its driver runs on CPU 1 (device index mod host.cpus).
        double Cpu(string variant) => 100 * run.Mean("cpu.csv", "util", variant, r => r["cpu"] == "1");
        AssertReadmeSays($"nic1's interrupts take {F(Irq("base"), "N1")} ns instead of {F(Irq("intremap-off"), "N1")}, and its CPU is " +
                         $"{F(Cpu("base"), "F1")}% busy instead of {F(Cpu("intremap-off"), "F1")}%, at the same throughput.");
        Assert.Equal(run.Mean("devices.csv", "achieved_gbps", "base", r => r["device"] == "nic1"),
            run.Mean("devices.csv", "achieved_gbps", "intremap-off", r => r["device"] == "nic1"), 0.05);
        Assert.Contains("0000:21:00.0 is outside every interrupt remapping unit's device scope", run.Stderr);
    }

    [Fact]
    public void Fault_injection_faults_only_with_the_iommu_on()
    {
        using var run = new ShippedRun("fault-injection");
        Assert.True(run.Mean("summary.csv", "io_page_faults", "base") > 0);
        Assert.Equal(0, run.Mean("summary.csv", "io_page_faults", "passthrough"));
        AssertReadmeSays("With the IOMMU on, each is blocked and reported (`io_page_faults` in `summary.csv`, and an `io_page_fault` trace line each); " +
                         "in passthrough the same writes land in host memory unnoticed.");
    }

    [Fact]
    public void Quickstart_4k_pages_miss_and_hugepages_hit()
    {
        using var run = new ShippedRun("quickstart");
        double Hit(string variant) => 100 * run.Mean("summary.csv", "iotlb_hit_rate", variant);
        AssertReadmeSays($"{F(Hit("base"), "F1")}% of the DMAs hit and the others need a page walk");
        // 116 entries over 4096 equally likely pages: 116 / 4096 = 2.8%.
        Assert.Equal(100 * 116.0 / 4096, Hit("base"), 0.3);
        Assert.Equal(100, Hit("hugepages"), 0.01);
    }

    [Fact]
    public void Nic_iotlb_wall_at_200_gbe()
    {
        using var run = new ShippedRun("nic-iotlb-wall");
        string V(int gbe, string page, int queues) =>
            $"base/devices.eth0.line_rate={gbe}Gbps,devices.eth0.page_size={page},devices.eth0.queues={queues}";
        double achieved = run.Mean("summary.csv", "achieved_gbps", V(200, "4KiB", 8));
        double offered = run.Mean("summary.csv", "offered_gbps", V(200, "4KiB", 8));
        AssertReadmeSays($"At 200 GbE, 4 KiB pages lose {F(100 * (1 - achieved / offered), "F0")}% ({F(achieved, "F1")} of {F(offered, "F1")} Gbps");
        // The closed-form bound the README derives: 92 lines / (24 lines x 290 ns) frames/s of 1514 B frames' 1500 B payload.
        Assert.Equal(92 / (24 * 290e-9) * 1514 * 8 / 1e9, achieved, 2.0);
        double Figure(string name) => run.Mean("figures.csv", "value", V(200, "4KiB", 8), r => r["figure"] == name);
        AssertReadmeSays($"(`credit_util` {F(Figure("credit_util"), "F2")} in `figures.csv`), not the link (`pcie_up_util` {F(Figure("pcie_up_util"), "F2")})");
        double Busiest(int queues) => 100 * run.Mean("summary.csv", "cpu_util_max", V(200, "4KiB", queues));
        AssertReadmeSays($"More queues spread the CPU ({F(Busiest(32), "F0")}% instead of {F(Busiest(8), "F0")}% on the busiest CPU at 200 GbE)");
        Assert.Equal(run.Mean("summary.csv", "offered_gbps", V(200, "2MiB", 8)), run.Mean("summary.csv", "achieved_gbps", V(200, "2MiB", 8)), 0.5);
    }

    [Fact]
    public void Accelerator_ats_pages_matter_ats_does_not()
    {
        using var run = new ShippedRun("accelerator-ats");
        double Gbps(string variant) => run.Mean("summary.csv", "achieved_gbps", variant);
        AssertReadmeSays($"stay held through the walks: {F(Gbps("base/devices.gpu0.page_size=4KiB"), "F1")} Gbps.");
        AssertReadmeSays($"before its walk: {F(Gbps("ats/devices.gpu0.page_size=4KiB"), "F1")} Gbps.");
        AssertReadmeSays($"2 MiB pages let the IOTLB ({F(100 * run.Mean("summary.csv", "iotlb_hit_rate", "base/devices.gpu0.page_size=2MiB"), "F1")}% hits)");
        Assert.Equal(Gbps("base/devices.gpu0.page_size=2MiB"), Gbps("ats/devices.gpu0.page_size=2MiB"), 2.0);
    }

    [Fact]
    public void Nvme_strict_costs_the_cpu_not_throughput()
    {
        using var run = new ShippedRun("nvme-scatter-gather");
        double Busiest(string mode) => 100 * run.Mean("summary.csv", "cpu_util_max", $"{mode}/devices.nvme0.io_size=4KiB");
        AssertReadmeSays($"Strict mode costs the CPU ({F(Busiest("strict"), "F0")}% against {F(Busiest("base"), "F0")}% on the busiest at 4 KiB)");
        Assert.Equal(run.Mean("summary.csv", "achieved_gbps", "base/devices.nvme0.io_size=4KiB"),
            run.Mean("summary.csv", "achieved_gbps", "strict/devices.nvme0.io_size=4KiB"), 0.2);
    }
}
