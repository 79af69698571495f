namespace IommuSim.Devices.Nvme;

/// <summary>What an NVMe controller's DMA is for, packed into its engine token: the kind, the queue and the I/O's slot.</summary>
internal static class NvmeToken
{
    public const int CommandKind = 0;
    public const int PointersKind = 1;
    public const int DataKind = 2;
    public const int CompletionKind = 3;
    public const int InterruptKind = 4;

    private const int QueueShift = 32;

    public static long Command(int queue, int slot) => Pack(CommandKind, queue, slot);

    public static long Pointers(int queue, int slot) => Pack(PointersKind, queue, slot);

    public static long Data(int queue, int slot) => Pack(DataKind, queue, slot);

    public static long Completion(int queue, int slot) => Pack(CompletionKind, queue, slot);

    public static long Interrupt(int queue) => Pack(InterruptKind, queue, 0);

    public static int Kind(long token) => (int)(token >> 60);

    public static int Queue(long token) => (int)((token >> QueueShift) & 0xFFFFFFF);

    public static int Slot(long token) => (int)(token & 0xFFFFFFFF);

    private static long Pack(int kind, int queue, int slot) => ((long)kind << 60) | ((long)queue << QueueShift) | (uint)slot;
}
