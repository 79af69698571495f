namespace IommuSim.Scenarios.Tests.Commands;

/// <summary>
/// <c>iommusim topology</c> on the two platform scenarios and on small inline ones. The expected groups are
/// derived by hand from Linux's rules (drivers/iommu/iommu.c, <c>pci_device_group</c>): group ids count from 0
/// in probe order, bus by bus depth first, SR-IOV VFs after every scanned function; a function joins the group
/// of the first bridge above it from which the path to the root lacks ACS (SV, RR, CR, UF), else gets its own.
/// Domain type: the host mode's default domain as sysfs names it (lazy: DMA-FQ, strict: DMA, passthrough: identity).
/// </summary>
public class TopologyCommandTests
{
    private static string BypassFile => RepositoryFiles.Path("scenarios/bypass-intremap.yaml");
    private static string VfioFile => RepositoryFiles.Path("scenarios/vfio-assign.yaml");

    private static string[] Lines(string text) => text.ReplaceLineEndings("\n").TrimEnd('\n').Split('\n');

    // The first line says what was booted (the library's detection summary); the rest is the listing.
    private static string[] Listing(string output, string file, string variant)
    {
        var lines = Lines(output);
        Assert.StartsWith($"# {file}, variant {variant}: DMAR: 1 Intel VT-d unit", lines[0], StringComparison.Ordinal);
        return lines[1..];
    }

    // Root bus 00 (behind the vIOMMU): root port 00:02.0 probes first; on the root bus it has nothing above it
    // and is single-function, so group 0. The NIC 01:00.0 below it: the root port has ACS all the way to the root
    // (it is the root), so the NIC is isolated: group 1. Root bus 20 bypasses the IOMMU: no unit, no group, for
    // its root port 20:00.0 and NIC 21:00.0 alike. host.mode lazy: DMA-FQ.
    private static readonly string[] BypassListing =
    [
        "/sys/kernel/iommu_groups/0/devices/0000:00:02.0 (DMA-FQ) driver=pcieport",
        "/sys/kernel/iommu_groups/1/devices/0000:01:00.0 (DMA-FQ) driver=virtio-pci",
        "untranslated 0000:20:00.0 driver=pcieport: root bus 0000:20 bypasses the IOMMU",
        "untranslated 0000:21:00.0 driver=virtio-pci: root bus 0000:20 bypasses the IOMMU",
    ];

    [Fact]
    public void Bypass_scenario_lists_the_groups_and_warns_that_the_nic_below_the_bypass_bus_falls_back_to_intx()
    {
        var (exit, output, err) = CliRunner.Run("topology", BypassFile);
        Assert.True(exit == 0, err);
        Assert.Equal(BypassListing, Listing(output, BypassFile, "base"));

        // The seed: with interrupt remapping on, every function outside a remapping unit's scope loses MSI;
        // here both functions below root bus 20, the port and the NIC, in enumeration order.
        var warnings = Lines(err);
        Assert.Equal(2, warnings.Length);
        Assert.All(warnings, w => Assert.StartsWith("warning: ", w, StringComparison.Ordinal));
        Assert.StartsWith("warning: 0000:20:00.0 ", warnings[0], StringComparison.Ordinal);
        Assert.StartsWith("warning: 0000:21:00.0 is outside every IOMMU unit's scope (its root bus 0000:20 bypasses the IOMMU) " +
                          "while interrupt remapping is on", warnings[1], StringComparison.Ordinal);
        Assert.Contains("falls back to INTx through the IOAPIC", warnings[1], StringComparison.Ordinal);
        Assert.Contains("intremap=off", warnings[1], StringComparison.Ordinal);
        Assert.DoesNotContain("0000:01:00.0", err, StringComparison.Ordinal);
    }

    [Fact]
    public void Intremap_off_variant_lists_the_same_groups_without_warning()
    {
        var (exit, output, err) = CliRunner.Run("topology", BypassFile, "--variant", "intremap-off");
        Assert.True(exit == 0, err);
        Assert.Equal(BypassListing, Listing(output, BypassFile, "intremap-off"));
        Assert.Equal("", err);
    }

    [Fact]
    public void Vfio_scenario_puts_every_vf_in_its_own_group()
    {
        var (exit, output, err) = CliRunner.Run("topology", VfioFile);
        Assert.True(exit == 0, err);
        // Scanned first: root port 00:01.0 (root bus, single-function) group 0; the PF 01:00.0 below it, behind
        // a root port with ACS and single-function, group 1. Then SR-IOV: VF n at routing ID 0x0100 + 0x80 +
        // (n-1)*2 = 01:10.0, 01:10.2, 01:10.4, 01:10.6, each alone (same ACS path; a VF is never multifunction):
        // groups 2 to 5. Every default domain is DMA-FQ (host.mode lazy), the VFs' too: boot attaches them
        // before VFIO moves VF 1 to vm0's unmanaged domain.
        Assert.Equal(
        [
            "/sys/kernel/iommu_groups/0/devices/0000:00:01.0 (DMA-FQ) driver=pcieport",
            "/sys/kernel/iommu_groups/1/devices/0000:01:00.0 (DMA-FQ) driver=igb",
            "/sys/kernel/iommu_groups/2/devices/0000:01:10.0 (DMA-FQ) driver=vfio-pci",
            "/sys/kernel/iommu_groups/3/devices/0000:01:10.2 (DMA-FQ) driver=vfio-pci",
            "/sys/kernel/iommu_groups/4/devices/0000:01:10.4 (DMA-FQ) driver=vfio-pci",
            "/sys/kernel/iommu_groups/5/devices/0000:01:10.6 (DMA-FQ) driver=vfio-pci",
        ], Listing(output, VfioFile, "base"));
        // VF 1's group holds VF 1 alone: vm0 owns all of it, so no mixed-owner warning; every unit is in scope.
        Assert.Equal("", err);
    }

    [Fact]
    public void Set_changes_the_booted_platform()
    {
        // Strict mode: DMA domains without a flush queue, which sysfs calls DMA.
        var (exit, output, err) = CliRunner.Run("topology", VfioFile, "--set", "host.mode=strict");
        Assert.True(exit == 0, err);
        Assert.Equal("/sys/kernel/iommu_groups/1/devices/0000:01:00.0 (DMA) driver=igb", Listing(output, VfioFile, "base")[1]);
    }

    [Fact]
    public void A_group_shared_by_a_host_driver_and_vfio_is_warned_about_and_assigning_it_is_refused()
    {
        using var dir = new TempDirectory();
        // A root port without ACS above a dual-function NIC: both functions join the port's group 0 (the first
        // bridge up from which the path to the root is not ACS-isolated is the port itself).
        const string platform = """
            platform:
              topology:
                devices:
                  - { type: root-port, bdf: "0000:00:01.0" }
                  - { type: endpoint, bdf: "0000:01:00.0", parent: "0000:00:01.0", driver: ixgbe }
                  - { type: endpoint, bdf: "0000:01:00.1", parent: "0000:00:01.0", driver: vfio-pci }
            devices:
              - { name: nic0, type: dma-stream, bdf: "0000:01:00.0", rate: 1Gbps, size: 4KiB, buffers: 4, buffer_size: 4KiB }

            """;
        string file = dir.Write("shared.yaml", platform);
        var (exit, output, err) = CliRunner.Run("topology", file);
        Assert.Equal(0, exit);
        Assert.Equal(
        [
            "/sys/kernel/iommu_groups/0/devices/0000:00:01.0 (DMA-FQ) driver=pcieport",
            "/sys/kernel/iommu_groups/0/devices/0000:01:00.0 (DMA-FQ) driver=ixgbe",
            "/sys/kernel/iommu_groups/0/devices/0000:01:00.1 (DMA-FQ) driver=vfio-pci",
        ], Listing(output, file, "base"));
        var warning = Assert.Single(Lines(err));
        Assert.StartsWith("warning: group 0 is shared by functions with different owners: " +
                          "0000:01:00.0 (host driver ixgbe), 0000:01:00.1 (vfio-pci, no VM)", warning, StringComparison.Ordinal);

        // Giving the vfio-pci function to a VM is what the warning is about: the VFIO flow refuses the
        // group while ixgbe holds part of it, and the scenario is an input error naming the errno.
        string assigned = dir.Write("assigned.yaml", platform + "vms:\n  - { name: vm0, memory: 2GiB, devices: [\"0000:01:00.1\"] }\n");
        var refused = CliRunner.Run("topology", assigned);
        Assert.Equal(2, refused.Exit);
        Assert.Contains("vms.0.devices: group 0 is not viable: 0000:01:00.0 is still bound to host driver ixgbe (EPERM)", refused.Err);
    }

    [Fact]
    public void A_malformed_topology_exits_2_with_file_line_and_column()
    {
        using var dir = new TempDirectory();
        string file = dir.Write("bad.yaml", """
            platform:
              topology:
                devices:
                  - { type: root-port, bdf: "0000:00:01.0", acs: [all] }
                  - { type: endpoint, bdf: "0000:01:00.0", parent: "0000:00:09.0" }
            devices:
              - { name: nic0, type: dma-stream, bdf: "0000:01:00.0", rate: 1Gbps, size: 4KiB, buffers: 4, buffer_size: 4KiB }
            """);
        var (exit, output, err) = CliRunner.Run("topology", file);
        Assert.Equal(2, exit);
        Assert.Equal("", output);
        // Line 5, column 56: the parent's value, the quote included.
        Assert.Equal([$"{file}:5:56: error: platform.topology.devices.1.parent: there is no device 0000:00:09.0 in topology.devices"],
            Lines(err));
    }

    [Fact]
    public void An_unknown_variant_exits_2_and_suggests_the_close_one()
    {
        var (exit, output, err) = CliRunner.Run("topology", BypassFile, "--variant", "intremap-of");
        Assert.Equal(2, exit);
        Assert.Equal("", output);
        Assert.Equal(["--variant intremap-of: error: the scenario has no variant 'intremap-of' (did you mean 'intremap-off'?); " +
                      "expected one of: base, intremap-off"], Lines(err));
    }

    [Fact]
    public void Help_shows_an_example()
    {
        var (exit, output, _) = CliRunner.Run("topology", "--help");
        Assert.Equal(0, exit);
        Assert.Contains("Example: iommusim topology scenarios/bypass-intremap.yaml --variant intremap-off", output, StringComparison.Ordinal);
        Assert.Contains("/sys/kernel/iommu_groups/<n>/devices/<bdf>", output, StringComparison.Ordinal);
        Assert.Contains("--variant", output, StringComparison.Ordinal);
        Assert.DoesNotContain("--seed", output, StringComparison.Ordinal);

        (exit, output, _) = CliRunner.Run("--help");
        Assert.Equal(0, exit);
        Assert.Contains("topology", output, StringComparison.Ordinal);
    }
}
