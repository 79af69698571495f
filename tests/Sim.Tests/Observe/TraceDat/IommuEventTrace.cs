using System.Globalization;
using IommuSim.Kernel;
using IommuSim.Observe;
using IommuSim.Observe.Ftrace;
using IommuSim.Observe.TraceDat;

namespace IommuSim.Tests.Observe.TraceDat;

/// <summary>
/// A trace of every iommu event kind on three CPUs, in varied contexts and with edge values (an iova with the high
/// bits set, sizes above 4 GiB, strings of 0 to 35 characters), written as a .dat by our writer, and the lines the
/// C reader must print for it, composed here by hand from the inputs.
/// </summary>
internal static class IommuEventTrace
{
    public const int Cpus = 3;

    /// <summary>
    /// A context with the two common bytes the kernel stores for it, written out by hand: common_flags from the
    /// TRACE_FLAG_* values of kernel/trace/trace.h (IRQS_OFF 0x01, NEED_RESCHED 0x04, HARDIRQ 0x08, SOFTIRQ 0x10,
    /// PREEMPT_RESCHED 0x20, BH_OFF 0x80), common_preempt_count with the preempt depth in the low nibble and the
    /// migrate-disable depth in the high one.
    /// </summary>
    internal sealed record Who(TraceContext Context, int FlagsByte, int PreemptByte, string Comm);

    internal sealed record Written(Who Who, long Ns, object Event, string Expected);

    // The idle task is pid 0, which libtraceevent names "<idle>" whatever the cmdlines say.
    public static readonly Who Boot = new(TraceContext.Boot(0), 0, 0, "swapper/0");
    public static readonly Who Fio = new(TraceContext.Task("fio", 4242, 0), 0, 0, "fio");
    public static readonly Who NapiIdle = new(TraceContext.NapiSoftIrq(1), 0x10, 0, "<idle>");
    public static readonly Who Kworker = new(new TraceContext("kworker/u16:3", 317, 2,
        TraceFlags.IrqsOff | TraceFlags.NeedResched | TraceFlags.HardIrq, PreemptDepth: 2, MigrateDisable: 1), 0x0d, 0x12, "kworker/u16:3");
    public static readonly Who AmdVi = new(TraceContext.IrqThread(26, "AMD-Vi", 160, 2), 0, 0, "irq/26-AMD-Vi");
    public static readonly Who Qemu = new(new TraceContext("qemu-system-x86", 9001, 1,
        TraceFlags.BhOff | TraceFlags.PreemptResched, PreemptDepth: 15, MigrateDisable: 15), 0xa0, 0xff, "qemu-system-x86");
    public static readonly Who Modprobe = new(TraceContext.Modprobe(733, 0), 0, 0, "modprobe");

    private static readonly Who[] Everyone = [Boot, Fio, NapiIdle, Kworker, AmdVi, Qemu, Modprobe];

    private const ulong HighIova = 0xfff0_0000_dead_b000;     // bits 63..52 set: beyond any 57-bit IOVA space
    private const ulong FiveGiBAndAPage = 0x1_4000_1000;      // 5 GiB + 4 KiB, above what 32 bits hold
    private const string LongName = "platform-device-with-a-long-name.7"; // 34 characters

    /// <summary>Every event kind <paramref name="hasDetach"/> allows, in time order, with the reader's expected line.</summary>
    public static List<Written> Events(bool hasDetach)
    {
        var list = new List<Written>
        {
            Group(Boot, 1_000_000, GroupEventKind.AddDeviceToGroup, 7, "0000:01:00.0"),
            Domain(Boot, 1_000_500, DeviceDomainEventKind.AttachDeviceToDomain, "0000:01:00.0"),
            Group(Qemu, 1_200_000, GroupEventKind.AddDeviceToGroup, 0, LongName),
            Map(Fio, 2_000_001, HighIova, 0x1_2345_6000, 4096),
            Map(NapiIdle, 2_000_250, 0xfffe0000, 0xff_ffff_f000, FiveGiBAndAPage),
            Map(Qemu, 2_000_251, 0x0, 0x0, 1),
            Unmap(Kworker, 2_500_000, HighIova, 4096, 4096),
            Unmap(NapiIdle, 3_000_000_000, 0xfffe0000, FiveGiBAndAPage, FiveGiBAndAPage - 4096),
            Fault(AmdVi, 3_000_000_700, "0000:01:00.0", "ixgbe", 0xdead000, 0x20),
            // -2 is not a flag value the kernel raises; it shows that an int field keeps its sign.
            Fault(Kworker, 3_000_001_000, "0000:af:00.1", "mlx5_core", ulong.MaxValue - 4095, -2),
            Fault(Qemu, 3_100_000_000, LongName, "", 0x1000, 0),
        };
        if (hasDetach) list.Add(Domain(Modprobe, 4_000_000_000, DeviceDomainEventKind.DetachDeviceFromDomain, "0000:01:00.0"));
        list.Add(Domain(Modprobe, 4_000_000_001, DeviceDomainEventKind.AttachDeviceToDomain, "a"));
        list.Add(Group(Modprobe, 5_000_000_000, GroupEventKind.RemoveDeviceFromGroup, 7, "0000:01:00.0"));
        list.Add(Group(Fio, 5_000_000_001, GroupEventKind.RemoveDeviceFromGroup, int.MaxValue, LongName));
        return list;
    }

    /// <summary>Writes <paramref name="events"/> as a .dat with <paramref name="profile"/>'s formats; returns its path.</summary>
    public static string Write(string dir, FtraceProfile profile, IReadOnlyList<Written> events, TraceDatVersion version,
        TraceDatCompression compression)
    {
        string path = Path.Combine(dir, $"{profile.Name}-v{(int)version}-{compression}-{Guid.NewGuid():N}.dat");
        var content = new TraceDatContent
        {
            CpuCount = Cpus,
            Events = IommuEventFormats.All(profile).Select(f => new TraceEventFormat(f.Name, f.Id, f.FormatFile())).ToList(),
            CommandLines = Everyone.Where(w => w.Context.Pid != 0).Select(w => new TraceCommandLine(w.Context.Pid, w.Comm)).ToList(),
        };
        using var file = File.Create(path);
        using var dat = new TraceDatWriter(file, content, version, compression, dir);
        var buffer = new byte[256];
        foreach (var e in events)
        {
            var c = e.Who.Context;
            int n = e.Event switch
            {
                MapEvent m => IommuRawRecords.EncodeMap(c, m, buffer),
                UnmapEvent u => IommuRawRecords.EncodeUnmap(c, u, buffer),
                IoPageFaultEvent f => IommuRawRecords.EncodeIoPageFault(c, f, buffer),
                GroupEvent g => IommuRawRecords.EncodeGroup(c, g, buffer),
                DeviceDomainEvent d => IommuRawRecords.EncodeDeviceDomain(c, d, buffer),
                _ => throw new ArgumentException("not an iommu event"),
            };
            dat.Append(c.Cpu, e.Ns, buffer.AsSpan(0, n));
        }
        dat.Complete();
        return path;
    }

    // The fields of each event as include/trace/events/iommu.h declares them in TP_STRUCT__entry, in that order.
    public static Written Map(Who who, long ns, ulong iova, ulong paddr, ulong size) =>
        new(who, ns, new MapEvent(SimTime.FromNanoseconds(ns), iova, paddr, size), Line("map", who, ns, Inv($" iova={iova} paddr={paddr} size={size}")));

    public static Written Unmap(Who who, long ns, ulong iova, ulong size, ulong unmapped) =>
        new(who, ns, new UnmapEvent(SimTime.FromNanoseconds(ns), iova, size, unmapped),
            Line("unmap", who, ns, Inv($" iova={iova} size={size} unmapped_size={unmapped}")));

    public static Written Fault(Who who, long ns, string device, string driver, ulong iova, int flags) =>
        new(who, ns, new IoPageFaultEvent(SimTime.FromNanoseconds(ns), device, driver, iova, flags),
            Line("io_page_fault", who, ns, Inv($" device=\"{device}\" driver=\"{driver}\" iova={iova} flags={flags}")));

    public static Written Group(Who who, long ns, GroupEventKind kind, int gid, string device) =>
        new(who, ns, new GroupEvent(SimTime.FromNanoseconds(ns), kind, gid, device),
            Line(kind == GroupEventKind.AddDeviceToGroup ? "add_device_to_group" : "remove_device_from_group", who, ns,
                Inv($" gid={gid} device=\"{device}\"")));

    public static Written Domain(Who who, long ns, DeviceDomainEventKind kind, string device) =>
        new(who, ns, new DeviceDomainEvent(SimTime.FromNanoseconds(ns), kind, device),
            Line(kind == DeviceDomainEventKind.AttachDeviceToDomain ? "attach_device_to_domain" : "detach_device_from_domain", who, ns,
                $" device=\"{device}\""));

    private static string Inv(FormattableString text) => FormattableString.Invariant(text);

    private static string Line(string name, Who who, long ns, string fields) => string.Create(CultureInfo.InvariantCulture,
        $"{name} cpu={who.Context.Cpu} ts={ns} pid={who.Context.Pid} comm={who.Comm} common_flags={who.FlagsByte} common_preempt_count={who.PreemptByte}{fields}");
}
