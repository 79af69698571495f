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
    public const int TxFetchKind = 4;
    public const int TxReadKind = 5;
    public const int TxWritebackKind = 6;
    public const int TxInterruptKind = 7;

    private const int QueueShift = 40;
    private const long ValueMask = (1L << QueueShift) - 1;

    public static long Data(int queue, long descriptor) => Pack(DataKind, queue, descriptor);

    public static long Writeback(int queue, long end) => Pack(WritebackKind, queue, end);

    public static long Interrupt(int queue) => Pack(InterruptKind, queue, 0);

    public static long Fetch(int queue, long count) => Pack(FetchKind, queue, count);

    public static long TxFetch(int queue, long count) => Pack(TxFetchKind, queue, count);

    public static long TxRead(int queue, long frame) => Pack(TxReadKind, queue, frame);

    public static long TxWriteback(int queue, long frames) => Pack(TxWritebackKind, queue, frames);

    public static long TxInterrupt(int queue) => Pack(TxInterruptKind, queue, 0);

    public static int Kind(long token) => (int)(token >> 60);

    public static int Queue(long token) => (int)((token >> QueueShift) & 0xFFFFF);

    public static long Value(long token) => token & ValueMask;

    private static long Pack(int kind, int queue, long value) => ((long)kind << 60) | ((long)queue << QueueShift) | (value & ValueMask);
}
