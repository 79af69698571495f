using IommuSim.Parameters;

namespace IommuSim.Platform;

/// <summary>
/// Checks a <see cref="TopologySpec"/> and builds the <see cref="PciTopology"/> it describes. Every problem
/// is reported (with its key path inside the spec), not just the first; later phases run only when the
/// earlier ones found nothing, so one mistake does not echo as many.
/// </summary>
internal static class TopologyBuilder
{
    private sealed class Entry(int index, PciDeviceSpec spec, PciAddress address)
    {
        public int Index { get; } = index;
        public PciDeviceSpec Spec { get; } = spec;
        public PciAddress Address { get; } = address;
        public Entry? Parent { get; set; }
        public List<Entry> Children { get; } = [];
        public PciDevice? Device { get; set; }
        public string Key(string field) => $"devices.{Index}.{field}";
    }

    public static PciTopology? Build(TopologySpec spec, List<SpecProblem> problems)
    {
        int before = problems.Count;
        var roots = ParseRootBuses(spec, problems);
        var entries = ParseDevices(spec, problems);
        if (problems.Count > before) return null;

        ResolveParents(entries, roots, problems);
        if (problems.Count > before) return null;
        CheckBridges(entries, roots, problems);
        CheckReachable(entries, problems);
        CheckFunctions(entries, problems);
        if (problems.Count > before) return null;

        var (rootBuses, devices) = Enumerate(spec, entries, roots);
        var realBuses = new HashSet<PciBusAddress>(rootBuses.Select(b => b.Address));
        foreach (var d in devices)
            if (d.SecondaryBus is not null) realBuses.Add(d.SecondaryBus.Address);
        var all = new List<PciDevice>(devices);
        AddVirtualFunctions(entries, devices, realBuses, all, problems);
        if (problems.Count > before) return null;
        CheckBusRanges(rootBuses, problems);
        if (problems.Count > before) return null;

        foreach (var d in all) d.RootRequesterId = RootRequesterId(d);
        return new PciTopology(rootBuses, all);
    }

    private static Dictionary<PciBusAddress, (int Index, bool Bypass)> ParseRootBuses(TopologySpec spec, List<SpecProblem> problems)
    {
        var roots = new Dictionary<PciBusAddress, (int, bool)>();
        if (spec.RootBuses.Count == 0)
            problems.Add(new SpecProblem("root_buses", "at least one root bus is needed, e.g. - bus: \"0000:00\""));
        for (int i = 0; i < spec.RootBuses.Count; i++)
        {
            if (!PciBusAddress.TryParse(spec.RootBuses[i].Bus, out var bus, out var error))
                problems.Add(new SpecProblem($"root_buses.{i}.bus", error));
            else if (!roots.TryAdd(bus, (i, spec.RootBuses[i].BypassIommu)))
                problems.Add(new SpecProblem($"root_buses.{i}.bus", $"root bus {bus} is declared twice (also root_buses.{roots[bus].Item1})"));
        }
        return roots;
    }

    private static List<Entry> ParseDevices(TopologySpec spec, List<SpecProblem> problems)
    {
        var entries = new List<Entry>();
        var seen = new Dictionary<PciAddress, int>();
        for (int i = 0; i < spec.Devices.Count; i++)
        {
            var d = spec.Devices[i];
            if (!PciAddress.TryParse(d.Bdf, out var address, out var error))
            {
                problems.Add(new SpecProblem($"devices.{i}.bdf", error));
                continue;
            }
            if (!seen.TryAdd(address, i))
                problems.Add(new SpecProblem($"devices.{i}.bdf", $"{address} is declared twice (also devices.{seen[address]})"));
            if (d.Parent.Length > 0 && !PciAddress.TryParse(d.Parent, out _, out error))
                problems.Add(new SpecProblem($"devices.{i}.parent", error));
            entries.Add(new Entry(i, d, address));
        }
        return entries;
    }

    private static void ResolveParents(List<Entry> entries, Dictionary<PciBusAddress, (int Index, bool Bypass)> roots, List<SpecProblem> problems)
    {
        var byAddress = entries.ToDictionary(e => e.Address);
        foreach (var e in entries)
        {
            string kind = KindName(e.Spec);
            if (e.Spec.Parent.Length == 0)
            {
                if (e.Spec is SwitchUpstreamPortSpec or SwitchDownstreamPortSpec)
                    problems.Add(new SpecProblem(e.Key("parent"),
                        $"a {kind} sits below {AllowedParents(e.Spec)}: give its parent"));
                else if (!roots.ContainsKey(e.Address.BusAddress))
                    problems.Add(new SpecProblem(e.Key("parent"),
                        $"{e.Address} has no parent, so it must sit on a root bus, but bus {e.Address.BusAddress} is not in root_buses: give its parent, or declare the root bus"));
                continue;
            }
            var parentAddress = PciAddress.Parse(e.Spec.Parent);
            if (e.Spec is RootPortSpec)
            {
                problems.Add(new SpecProblem(e.Key("parent"), "a root port sits on a root bus and has no parent"));
                continue;
            }
            if (!byAddress.TryGetValue(parentAddress, out var parent))
            {
                problems.Add(new SpecProblem(e.Key("parent"), $"there is no device {parentAddress} in topology.devices"));
                continue;
            }
            if (!CanSitBelow(e.Spec, parent.Spec))
            {
                problems.Add(new SpecProblem(e.Key("parent"),
                    $"{Article(kind)} {kind} cannot sit below {Article(KindName(parent.Spec))} {KindName(parent.Spec)} ({parentAddress}); it sits below {AllowedParents(e.Spec)}"));
                continue;
            }
            if (roots.ContainsKey(e.Address.BusAddress))
            {
                problems.Add(new SpecProblem(e.Key("bdf"),
                    $"{e.Address} is below {parentAddress} but its bus {e.Address.BusAddress} is a root bus: give it the bridge's secondary bus"));
                continue;
            }
            e.Parent = parent;
            parent.Children.Add(e);
        }
    }

    private static bool CanSitBelow(PciDeviceSpec child, PciDeviceSpec parent) => child switch
    {
        SwitchUpstreamPortSpec => parent is RootPortSpec or SwitchDownstreamPortSpec,
        SwitchDownstreamPortSpec => parent is SwitchUpstreamPortSpec,
        PcieToPciBridgeSpec => parent is RootPortSpec or SwitchDownstreamPortSpec,
        EndpointSpec => parent is RootPortSpec or SwitchDownstreamPortSpec or PcieToPciBridgeSpec,
        _ => false,
    };

    private static string AllowedParents(PciDeviceSpec spec) => spec switch
    {
        SwitchUpstreamPortSpec => "a root port or a switch downstream port",
        SwitchDownstreamPortSpec => "a switch upstream port",
        PcieToPciBridgeSpec => "a root port, a switch downstream port, or directly on a root bus",
        EndpointSpec => "a root port, a switch downstream port, a PCIe-to-PCI bridge, or directly on a root bus",
        _ => "nothing: it sits on a root bus",
    };

    private static string Article(string noun) => noun[0] is 'a' or 'e' or 'i' or 'o' or 'u' ? "an" : "a";

    private static string KindName(PciDeviceSpec spec) => spec switch
    {
        RootPortSpec => "root port",
        SwitchUpstreamPortSpec => "switch upstream port",
        SwitchDownstreamPortSpec => "switch downstream port",
        PcieToPciBridgeSpec => "PCIe-to-PCI bridge",
        _ => "endpoint",
    };

    // The functions below a bridge share its secondary bus, which lies above the bridge's own bus and
    // belongs to no other bridge; a PCIe link (below a root or downstream port) carries device 0 only.
    private static void CheckBridges(List<Entry> entries, Dictionary<PciBusAddress, (int Index, bool Bypass)> roots, List<SpecProblem> problems)
    {
        var owner = new Dictionary<PciBusAddress, Entry>();
        foreach (var bridge in entries.Where(e => e.Children.Count > 0))
        {
            var secondary = bridge.Children[0].Address.BusAddress;
            foreach (var child in bridge.Children.Skip(1))
                if (child.Address.BusAddress != secondary)
                    problems.Add(new SpecProblem(child.Key("bdf"),
                        $"{child.Address} is on bus {child.Address.BusAddress} but {bridge.Children[0].Address}, also below {bridge.Address}, is on bus {secondary}: the functions below a bridge share its secondary bus"));
            if (secondary.Segment != bridge.Address.Segment || secondary.Bus <= bridge.Address.Bus)
                problems.Add(new SpecProblem(bridge.Children[0].Key("bdf"),
                    $"{bridge.Children[0].Address} is below {bridge.Address}, so its bus must be in segment {bridge.Address.Segment:x4} and numbered above {bridge.Address.Bus:x2}"));
            if (owner.TryGetValue(secondary, out var other))
                problems.Add(new SpecProblem(bridge.Children[0].Key("bdf"),
                    $"bus {secondary} is the secondary bus of both {other.Address} and {bridge.Address}; each bridge has its own"));
            else
                owner[secondary] = bridge;
            if (bridge.Spec is RootPortSpec or SwitchDownstreamPortSpec)
                foreach (var child in bridge.Children.Where(c => c.Address.Device != 0))
                    problems.Add(new SpecProblem(child.Key("bdf"),
                        $"{child.Address} is below {KindName(bridge.Spec)} {bridge.Address}, whose PCIe link carries one device: device 0 (e.g. {new PciAddress(child.Address.Segment, child.Address.Bus, 0, child.Address.Function)})"));
        }
    }

    // A parent chain that never reaches a function without a parent is a cycle.
    private static void CheckReachable(List<Entry> entries, List<SpecProblem> problems)
    {
        var reached = new HashSet<Entry>();
        var stack = new Stack<Entry>(entries.Where(e => e.Spec.Parent.Length == 0));
        while (stack.Count > 0)
        {
            var e = stack.Pop();
            if (!reached.Add(e)) continue;
            foreach (var c in e.Children) stack.Push(c);
        }
        foreach (var e in entries.Where(e => !reached.Contains(e) && e.Parent is not null))
            problems.Add(new SpecProblem(e.Key("parent"), $"{e.Address} never reaches a root bus: its parents form a cycle"));
    }

    private static void CheckFunctions(List<Entry> entries, List<SpecProblem> problems)
    {
        var present = entries.Select(e => e.Address).ToHashSet();
        foreach (var e in entries)
        {
            bool conventional = e.Parent?.Spec is PcieToPciBridgeSpec;
            // Linux scans function 0 first and looks for more only when it is present (pci_scan_slot).
            if (e.Address.Function != 0 && !present.Contains(new PciAddress(e.Address.Segment, e.Address.Bus, e.Address.Device, 0)))
                problems.Add(new SpecProblem(e.Key("bdf"),
                    $"{e.Address} is function {e.Address.Function} of a device without function 0; a multifunction device starts at function 0"));
            if (e.Spec.Acs.Count > 0 && (e.Spec is PcieToPciBridgeSpec || conventional))
                problems.Add(new SpecProblem(e.Key("acs"),
                    $"{e.Address} is {(conventional ? "a conventional PCI function" : "a PCIe-to-PCI bridge")}: ACS never applies to it (PCIe Base 3.0 §6.12.1); remove acs"));
            if (e.Spec is EndpointSpec { Vfs: > 0 } && conventional)
                problems.Add(new SpecProblem(e.Key("vfs"), $"{e.Address} is a conventional PCI function: SR-IOV needs PCI Express"));
        }
    }

    private static (List<PciBus> Roots, List<PciDevice> Devices) Enumerate(
        TopologySpec spec, List<Entry> entries, Dictionary<PciBusAddress, (int Index, bool Bypass)> roots)
    {
        var rootBuses = new List<PciBus>();
        var devices = new List<PciDevice>();
        foreach (var (address, (_, bypass)) in roots.OrderBy(r => r.Value.Index))
        {
            var bus = new PciBus(address, bridge: null, parent: null, bypass);
            rootBuses.Add(bus);
            Scan(bus, entries.Where(e => e.Parent is null && e.Address.BusAddress == address), devices);
        }
        foreach (var group in devices.GroupBy(d => (d.Address.Segment, d.Address.Bus, d.Address.Device)))
            if (group.Count() > 1)
                foreach (var d in group) d.IsMultifunction = true;
        return (rootBuses, devices);
    }

    // Linux's scan: add every function of the bus in devfn order, then descend into each bridge in turn.
    private static void Scan(PciBus bus, IEnumerable<Entry> onBus, List<PciDevice> devices)
    {
        var sorted = onBus.OrderBy(e => e.Address.DevFn).ToList();
        foreach (var e in sorted)
        {
            var type = TypeOf(e, bus);
            var device = new PciDevice(e.Address, type, bus, e.Spec.AcsControls, new DriverBinding(e.Spec.Driver));
            e.Device = device;
            bus.Add(device);
            devices.Add(device);
        }
        foreach (var e in sorted.Where(e => e.Children.Count > 0))
        {
            var secondary = new PciBus(e.Children[0].Address.BusAddress, e.Device, bus, bus.BypassIommu);
            e.Device!.SecondaryBus = secondary;
            Scan(secondary, e.Children, devices);
        }
    }

    private static PciDeviceType TypeOf(Entry e, PciBus bus) => e.Spec switch
    {
        RootPortSpec => PciDeviceType.RootPort,
        SwitchUpstreamPortSpec => PciDeviceType.SwitchUpstreamPort,
        SwitchDownstreamPortSpec => PciDeviceType.SwitchDownstreamPort,
        PcieToPciBridgeSpec => PciDeviceType.PcieToPciBridge,
        _ when bus.IsRoot => PciDeviceType.RootComplexIntegratedEndpoint,
        _ when e.Parent?.Spec is PcieToPciBridgeSpec => PciDeviceType.ConventionalPciDevice,
        _ => PciDeviceType.Endpoint,
    };

    // VFs get routing IDs from the PF's SR-IOV capability; those past the PF's bus live on a virtual bus
    // below it (virtfn_add_bus), which must not be a bus any bridge already owns.
    private static void AddVirtualFunctions(List<Entry> entries, List<PciDevice> devices, HashSet<PciBusAddress> realBuses,
        List<PciDevice> all, List<SpecProblem> problems)
    {
        var taken = devices.ToDictionary(d => d.Address, d => d.Name);
        var entryOf = entries.ToDictionary(e => e.Device!);
        var virtualBuses = new Dictionary<PciBusAddress, PciBus>();
        foreach (var pf in devices)
        {
            var entry = entryOf[pf];
            if (entry.Spec is not EndpointSpec { Vfs: > 0 } ep) continue;
            var sriov = new SriovCapability(ep.Vfs, ep.VfOffset, ep.VfStride, new DriverBinding(ep.VfDriver));
            int last = sriov.VfRequesterId(pf.Address, sriov.VfCount);
            if (last > ushort.MaxValue)
            {
                problems.Add(new SpecProblem(entry.Key("vfs"),
                    $"{pf.Address} with vf_offset {ep.VfOffset} and vf_stride {ep.VfStride}: VF {sriov.VfCount} would need routing ID 0x{last:x}, past 0xffff; enable fewer VFs"));
                continue;
            }
            pf.Sriov = sriov;
            for (int n = 1; n <= sriov.VfCount; n++)
            {
                var address = PciAddress.FromRequesterId(pf.Address.Segment, sriov.VfRequesterId(pf.Address, n));
                if (taken.TryGetValue(address, out var holder))
                {
                    problems.Add(new SpecProblem(entry.Key("vfs"),
                        $"VF {n} of {pf.Address} would be {address}, which is already {holder}; change vf_offset or vf_stride"));
                    break;
                }
                PciBus bus = pf.Bus;
                if (address.BusAddress != pf.Address.BusAddress)
                {
                    if (realBuses.Contains(address.BusAddress))
                    {
                        problems.Add(new SpecProblem(entry.Key("vfs"),
                            $"VF {n} of {pf.Address} would be {address}, on bus {address.BusAddress}, which a bridge or root already owns; renumber the buses or enable fewer VFs"));
                        break;
                    }
                    if (!virtualBuses.TryGetValue(address.BusAddress, out bus!))
                    {
                        bus = new PciBus(address.BusAddress, bridge: null, parent: pf.Bus, pf.Bus.BypassIommu);
                        virtualBuses.Add(address.BusAddress, bus);
                    }
                }
                var vf = new PciDevice(address, PciDeviceType.VirtualFunction, bus, AcsFlags.None, sriov.VfDriver)
                {
                    PhysicalFunction = pf,
                    VfNumber = n,
                };
                bus.Add(vf);
                pf.AddVirtualFunction(vf);
                taken.Add(address, $"VF {n} of {pf.Address}");
                all.Add(vf);
            }
        }
    }

    // Type 1 routing: a bridge forwards its bus range [secondary, subordinate]; sibling ranges must not overlap.
    private static void CheckBusRanges(List<PciBus> rootBuses, List<SpecProblem> problems)
    {
        var rootRanges = rootBuses.Select(r => (Name: $"root bus {r.Address}", r.Address.Segment, Low: (int)r.Address.Bus, High: MaxBusBelow(r))).ToList();
        ReportOverlaps(rootRanges, problems);
        foreach (var bus in AllBuses(rootBuses))
        {
            var ranges = bus.Devices.Where(d => d.SecondaryBus is not null)
                .Select(d => (Name: $"{d.Address}", d.Address.Segment, Low: (int)d.SecondaryBus!.Address.Bus, High: MaxBusBelow(d.SecondaryBus)))
                .ToList();
            ReportOverlaps(ranges, problems);
        }
    }

    private static void ReportOverlaps(List<(string Name, ushort Segment, int Low, int High)> ranges, List<SpecProblem> problems)
    {
        for (int i = 0; i < ranges.Count; i++)
            for (int j = i + 1; j < ranges.Count; j++)
            {
                var a = ranges[i];
                var b = ranges[j];
                if (a.Segment == b.Segment && a.Low <= b.High && b.Low <= a.High)
                    problems.Add(new SpecProblem("devices",
                        $"the bus ranges of {a.Name} [{a.Low:x2}-{a.High:x2}] and {b.Name} [{b.Low:x2}-{b.High:x2}] overlap; sibling bridges need disjoint bus ranges"));
            }
    }

    private static int MaxBusBelow(PciBus bus)
    {
        int max = bus.Address.Bus;
        foreach (var d in bus.Devices)
        {
            if (d.SecondaryBus is not null) max = Math.Max(max, MaxBusBelow(d.SecondaryBus));
            foreach (var vf in d.VirtualFunctions) max = Math.Max(max, vf.Address.Bus);
        }
        return max;
    }

    private static IEnumerable<PciBus> AllBuses(IEnumerable<PciBus> buses)
    {
        foreach (var bus in buses)
        {
            yield return bus;
            foreach (var below in AllBuses(bus.Devices.Where(d => d.SecondaryBus is not null).Select(d => d.SecondaryBus!)))
                yield return below;
        }
    }

    // pci_for_each_dma_alias: going up, every PCIe-to-PCI bridge substitutes (its secondary bus, 00.0);
    // the one nearest the root is what the IOMMU sees. Ports forward requester IDs unchanged.
    private static ushort RootRequesterId(PciDevice device)
    {
        ushort id = device.Address.RequesterId;
        for (var bus = device.Bus; !bus.IsRoot; bus = bus.Parent!)
            if (bus.Bridge is { Type: PciDeviceType.PcieToPciBridge } bridge)
                id = (ushort)(bridge.SecondaryBus!.Address.Bus << 8);
        return id;
    }
}
