namespace IommuSim.Devices.Nic;

/// <summary>
/// What a NIC's DMA is for, packed into the token its engine hands back: the kind in the top bits, the queue, and a
/// descriptor sequence number (or a count).
/// </summary>
internal static class NicToken
{
    public const int DataKind = 0;
    public const int WritebackKind = 1;
    public const int InterruptKind = 2;
    public const int FetchKind = 3;

    private const int QueueShift = 40;
    private const long ValueMask = (1L << QueueShift) - 1;

    public static long Data(int queue, long descriptor) => Pack(DataKind, queue, descriptor);

    public static long Writeback(int queue, long end) => Pack(WritebackKind, queue, end);

    public static long Interrupt(int queue) => Pack(InterruptKind, queue, 0);

    public static long Fetch(int queue, long count) => Pack(FetchKind, queue, count);

    public static int Kind(long token) => (int)(token >> 60);

    public static int Queue(long token) => (int)((token >> QueueShift) & 0xFFFFF);

    public static long Value(long token) => token & ValueMask;

    private static long Pack(int kind, int queue, long value) => ((long)kind << 60) | ((long)queue << QueueShift) | (value & ValueMask);
}
