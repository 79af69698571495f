using IommuSim.Devices;
using IommuSim.Host;
using IommuSim.Host.Vfio;
using IommuSim.Parameters;
using IommuSim.Platform;
using IommuSim.Units;

namespace IommuSim.Model.Spec;

/// <summary>
/// One fully bound scenario (one variant): what the scenario file says, with defaults filled in.
/// Scenario files bind to it through the <see cref="ParamAttribute"/> keys; notebooks build it in code.
/// </summary>
public sealed record ScenarioSpec : IValidatableSpec
{
    /// <summary>
    /// The directory of the scenario file, against which relative file names in it (a NIC's <c>cdf_file</c>) are
    /// read; null (the working directory) for a scenario built in code. Not a key of the file.
    /// </summary>
    public string? SourceDirectory { get; init; }

    /// <summary>Scenario name, used in output rows.</summary>
    [Param("name", "Scenario name, shown in reports: 1 to 64 printable characters.")]
    public string Name { get; init; } = "scenario";

    /// <summary>Free text describing the scenario.</summary>
    [Param("description", "What the scenario studies.")]
    public string Description { get; init; } = "";

    /// <summary>Run settings.</summary>
    [Param("run", "Duration, warm-up, seed and replications.")]
    public RunSpec Run { get; init; } = new();

    /// <summary>The hardware platform.</summary>
    [Param("platform", "Memory, IOMMU, PCI topology and IOMMU units of the simulated machine.")]
    public PlatformSpec Platform { get; init; } = new();

    /// <summary>The Linux host's IOMMU policy.</summary>
    [Param("host", "How the Linux host uses the IOMMU.")]
    public HostSpec Host { get; init; } = new();

    /// <summary>The devices issuing DMA.</summary>
    [Param("devices", "Devices and their workloads.", Required = true)]
    public IReadOnlyList<DeviceSpec> Devices { get; init; } = [];

    /// <summary>Virtual machines with PCI functions assigned through VFIO.</summary>
    [Param("vms", "Virtual machines: memory, the page size backing it, and PCI functions assigned through VFIO.")]
    public IReadOnlyList<VmSpec> Vms { get; init; } = [];

    /// <inheritdoc/>
    public IEnumerable<SpecProblem> Validate()
    {
        if (Devices.Count == 0) yield return new SpecProblem("devices", "at least one device is needed");
        if (SpecName.Problem(Name) is { } unfitName) yield return new SpecProblem("name", unfitName);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < Devices.Count; i++)
            if (SpecName.Problem(Devices[i].Name) is { } unfit) yield return new SpecProblem($"devices.{i}.name", unfit);
            else if (!seen.Add(Devices[i].Name))
                yield return new SpecProblem($"devices.{i}.name", $"device name '{Devices[i].Name}' is used twice; names must be unique");
        var vmProblems = VmRules().ToList();
        foreach (var problem in vmProblems) yield return problem;
        foreach (var problem in PlacementRules()) yield return problem;
        foreach (var problem in BounceRules()) yield return problem;
        if (vmProblems.Count == 0) foreach (var problem in VfioRules()) yield return problem;
    }

    // The VFIO type1 flow is run as the model will run it, so a refusal (a non-viable group, a group wanted
    // by two VMs, a function without a group) is a scenario error naming the kernel's errno and cause.
    private IEnumerable<SpecProblem> VfioRules()
    {
        if (Vms.Count == 0 || Platform.Validate().Any() || Platform.Topology.Validate().Any()) yield break;
        var host = new VfioHost(ScenarioBoot.Boot(this));
        ulong next = ScenarioBoot.VmRamBase;
        for (int v = 0; v < Vms.Count; v++)
        {
            string? refusal = null;
            try { VmAssigner.Assign(host, Vms[v], next); }
            catch (VfioException e) { refusal = e.Message; }
            if (refusal is not null) yield return new SpecProblem($"vms.{v}.devices", refusal);
            next = VmAssigner.RamBaseAfter(next, Vms[v]);
        }
    }

    // Workload devices sit on functions of the topology (or, without one, behind generated root ports);
    // a device in a VM keeps its working set inside the VM's RAM.
    private IEnumerable<SpecProblem> PlacementRules()
    {
        bool generated = Platform.Topology.Devices.Count == 0;
        if (generated && Devices.Count > WorkloadTopology.MaxGeneratedDevices)
        {
            yield return new SpecProblem("devices", $"{Devices.Count:N0} devices need a platform.topology: without one each gets a root port on bus 00, " +
                                                    $"which has {WorkloadTopology.MaxGeneratedDevices} slots");
            yield break;
        }
        var addresses = new Dictionary<PciAddress, int>();
        for (int i = 0; i < Devices.Count; i++)
        {
            var d = Devices[i];
            PciAddress address;
            if (string.IsNullOrEmpty(d.Bdf) && !WorkloadTopology.HasDefaultAddress(i))
            {
                yield return new SpecProblem($"devices.{i}", $"device {i} has no bdf and no default address (bus {i + 1} is past 0xff); expected a bdf");
                continue;
            }
            if (string.IsNullOrEmpty(d.Bdf)) address = WorkloadTopology.DefaultAddress(i);
            else if (!PciAddress.TryParse(d.Bdf, out address, out var error))
            {
                yield return new SpecProblem($"devices.{i}.bdf", error);
                continue;
            }
            if (!addresses.TryAdd(address, i))
                yield return new SpecProblem($"devices.{i}.bdf", $"{address} is already used by device {Devices[addresses[address]].Name}");
        }
        // The host's buffers all sit in one region of host memory (ScenarioBoot.BufferBase up to the VMs' RAM).
        long hostWorkingSets = 0;
        for (int i = 0; i < Devices.Count; i++)
            if (!InVm(Devices[i], i)) hostWorkingSets += Devices[i].BufferMemoryBytes;
        if (hostWorkingSets > DeviceMemory.MaxHostBufferBytes)
            yield return new SpecProblem("devices",
                $"the host devices' working sets add up to {new ByteSize(hostWorkingSets)}; expected at most {new ByteSize(DeviceMemory.MaxHostBufferBytes)}, " +
                "the host memory buffers are placed in");
        if (generated)
        {
            bool collides = false;
            foreach (var (address, i) in addresses)
                if (address.Bus == 0 && address.Device <= Devices.Count)
                {
                    collides = true;
                    yield return new SpecProblem($"devices.{i}.bdf",
                        $"{address} collides with the generated root ports 0000:00:01.0..0000:00:{Devices.Count:x2}.0; use another bus or declare platform.topology");
                }
            if (collides || addresses.Count < Devices.Count) yield break;
            // The generated ports and endpoints must also fit the root buses the scenario declares.
            var completed = new List<SpecProblem>();
            if (TopologyBuilder.Build(WorkloadTopology.Complete(this).Topology, completed) is null)
                foreach (var p in completed)
                    yield return new SpecProblem("platform.topology.root_buses",
                        $"the root ports and endpoints made for the devices (platform.topology lists no devices) do not fit: {p.Message}");
            yield break;
        }
        var topology = TopologyBuilder.Build(Platform.Topology, []);
        if (topology is null) yield break;
        foreach (var (address, i) in addresses)
        {
            var function = topology.Find(address);
            if (function is null)
                yield return new SpecProblem($"devices.{i}.bdf", $"there is no function {address} in platform.topology.devices");
            else if (function.IsBridge)
                yield return new SpecProblem($"devices.{i}.bdf", $"{address} is a {function.Type}; a workload device must be an endpoint or a VF");
            var vm = Vms.FirstOrDefault(v => v.Devices.Any(b => PciAddress.TryParse(b, out var a, out _) && a == address));
            long workingSet = Devices[i].BufferMemoryBytes;
            if (vm is not null && workingSet > vm.Memory.Bytes / 2)
                yield return new SpecProblem($"devices.{i}.buffers",
                    $"the working set ({workingSet} bytes) must fit in half of VM '{vm.Name}''s memory ({vm.Memory}), where its buffers are placed");
        }
    }

    // What the host's DMA setup gives each host device (a SWIOTLB pool too small for its pre-mapped buffers).
    private IEnumerable<SpecProblem> BounceRules()
    {
        if (Host.Dma.Validate().Any()) yield break;
        for (int i = 0; i < Devices.Count; i++)
        {
            if (InVm(Devices[i], i)) continue;
            foreach (var p in Devices[i].HostSetupProblems(Host.Mode, Host.Dma)) yield return new SpecProblem($"devices.{i}.{p.Key}", p.Message);
        }
    }

    // A device is in a VM when a VM lists its address (its default one when no bdf is written).
    private bool InVm(DeviceSpec device, int index)
    {
        if (Vms.Count == 0) return false;
        PciAddress address;
        if (string.IsNullOrEmpty(device.Bdf)) address = WorkloadTopology.DefaultAddress(index);
        else if (!PciAddress.TryParse(device.Bdf, out address, out _)) return false;
        return Vms.Any(v => v.Devices.Any(b => PciAddress.TryParse(b, out var a, out _) && a == address));
    }

    // VM names are names, and unique; an assigned function exists, is one vfio-pci can bind, and has one VM.
    private IEnumerable<SpecProblem> VmRules()
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (int v = 0; v < Vms.Count; v++)
            if (SpecName.Problem(Vms[v].Name) is { } unfit) yield return new SpecProblem($"vms.{v}.name", unfit);
            else if (!names.Add(Vms[v].Name))
                yield return new SpecProblem($"vms.{v}.name", $"VM name '{Vms[v].Name}' is used twice; names must be unique");
        var topology = TopologyBuilder.Build(Platform.Topology, []);
        if (topology is null) yield break;
        var owner = new Dictionary<PciAddress, string>();
        for (int v = 0; v < Vms.Count; v++)
            for (int i = 0; i < Vms[v].Devices.Count; i++)
            {
                if (!PciAddress.TryParse(Vms[v].Devices[i], out var address, out _)) continue;
                var device = topology.Find(address);
                if (device is null)
                    yield return new SpecProblem($"vms.{v}.devices.{i}", $"there is no function {address} in platform.topology.devices");
                else if (device.IsBridge)
                    yield return new SpecProblem($"vms.{v}.devices.{i}",
                        $"{address} is a {device.Type}; vfio-pci binds only normal (type 0 header) functions, not bridges or ports");
                else if (!owner.TryAdd(address, Vms[v].Name))
                    yield return new SpecProblem($"vms.{v}.devices.{i}", $"{address} is already assigned to VM '{owner[address]}'");
            }
    }
}
