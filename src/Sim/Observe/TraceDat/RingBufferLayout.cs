namespace IommuSim.Observe.TraceDat;

/// <summary>
/// The kernel ring buffer's sub-buffer (page) and event header layout on x86-64 with 4 KiB pages: the layout this
/// writer produces, and the header_page / header_event texts that describe it to trace-cmd.
/// </summary>
public static class RingBufferLayout
{
    /// <summary>Bytes in one ring-buffer page (PAGE_SIZE on x86-64).</summary>
    public const int PageSize = 4096;

    /// <summary>Bytes before the page's data: u64 timestamp at 0, local_t commit (8 bytes on 64-bit) at 8.</summary>
    public const int PageHeaderSize = 16;

    /// <summary>Bytes of event data a page holds (BUF_PAGE_SIZE).</summary>
    public const int DataSize = PageSize - PageHeaderSize;

    /// <summary>Largest type_len that encodes a data event's length in words (RINGBUF_TYPE_DATA_TYPE_LEN_MAX).</summary>
    public const int MaxSmallTypeLen = 28;

    /// <summary>type_len of a padding event (RINGBUF_TYPE_PADDING).</summary>
    public const int PaddingType = 29;

    /// <summary>type_len of a time-extend record (RINGBUF_TYPE_TIME_EXTEND).</summary>
    public const int TimeExtendType = 30;

    /// <summary>Bits of the event header's time_delta field (TS_SHIFT).</summary>
    public const int TimeDeltaBits = 27;

    /// <summary>The largest delta an event header holds; a larger one needs a time-extend record.</summary>
    public const long MaxDelta = (1L << TimeDeltaBits) - 1;

    /// <summary>
    /// /sys/kernel/tracing/events/header_page of a 64-bit kernel with 4 KiB pages, as ring_buffer_print_page_header
    /// prints it (kernel/trace/ring_buffer.c): "overwrite" shares the commit word, data starts at 16.
    /// </summary>
    public const string HeaderPageText =
        "\tfield: u64 timestamp;\toffset:0;\tsize:8;\tsigned:0;\n" +
        "\tfield: local_t commit;\toffset:8;\tsize:8;\tsigned:1;\n" +
        "\tfield: int overwrite;\toffset:8;\tsize:1;\tsigned:1;\n" +
        "\tfield: char data;\toffset:16;\tsize:4080;\tsigned:1;\n";

    /// <summary>
    /// /sys/kernel/tracing/events/header_event as ring_buffer_print_entry_header prints it (kernel/trace/ring_buffer.c).
    /// </summary>
    public const string HeaderEventText =
        "# compressed entry header\n" +
        "\ttype_len    :    5 bits\n" +
        "\ttime_delta  :   27 bits\n" +
        "\tarray       :   32 bits\n" +
        "\n" +
        "\tpadding     : type == 29\n" +
        "\ttime_extend : type == 30\n" +
        "\ttime_stamp : type == 31\n" +
        "\tdata max type_len  == 28\n";
}
