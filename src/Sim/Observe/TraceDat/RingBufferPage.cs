using System.Buffers.Binary;

namespace IommuSim.Observe.TraceDat;

/// <summary>
/// Fills one ring-buffer page with events the way the kernel's ring buffer lays them out: a page timestamp, each
/// event a 32-bit header (type_len 5 bits, time_delta 27 bits) and its payload in 4-byte words, a time-extend
/// record before an event whose delta from the previous one does not fit 27 bits, and a padding event over the
/// unused tail when the page is sealed. Reused page after page, so appending allocates nothing.
/// </summary>
internal sealed class RingBufferPage
{
    // Payloads up to 28 words carry their length in type_len; longer ones put it in array[0].
    private const int MaxSmallPayload = RingBufferLayout.MaxSmallTypeLen * 4;

    // A time extend's array[0] holds bits 27..58 of the delta; larger gaps start a new page, whose timestamp is absolute.
    private const long MaxExtendedDelta = (1L << (RingBufferLayout.TimeDeltaBits + 32)) - 1;

    private readonly byte[] _page = new byte[RingBufferLayout.PageSize];
    private int _used;
    private int _events;
    private long _last;

    /// <summary>Events on the page.</summary>
    public int Events => _events;

    /// <summary>Bytes one event with a payload of <paramref name="payloadLength"/> bytes takes, header included.</summary>
    public static int EventSize(int payloadLength)
    {
        int words = (payloadLength + 3) & ~3;
        return payloadLength <= MaxSmallPayload ? 4 + words : 8 + words;
    }

    /// <summary>
    /// Appends an event at <paramref name="timestamp"/> (ns, not before the page's last event); false, page
    /// unchanged, when it does not fit and the page must be sealed first.
    /// </summary>
    public bool TryAppend(long timestamp, ReadOnlySpan<byte> payload)
    {
        int size = EventSize(payload.Length);
        long delta = 0;
        if (_events == 0)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(_page, (ulong)timestamp);
        }
        else
        {
            delta = timestamp - _last;
            if (delta > MaxExtendedDelta) return false;
            if (delta > RingBufferLayout.MaxDelta) size += 8;
        }
        if (_used + size > RingBufferLayout.DataSize) return false;

        var data = _page.AsSpan(RingBufferLayout.PageHeaderSize + _used, size);
        if (delta > RingBufferLayout.MaxDelta)
        {
            WriteHeader(data, RingBufferLayout.TimeExtendType, delta & RingBufferLayout.MaxDelta);
            BinaryPrimitives.WriteUInt32LittleEndian(data[4..], (uint)(delta >> RingBufferLayout.TimeDeltaBits));
            data = data[8..];
            delta = 0;
        }
        int words = (payload.Length + 3) & ~3;
        if (payload.Length <= MaxSmallPayload)
        {
            WriteHeader(data, words / 4, delta);
            data = data[4..];
        }
        else
        {
            // array[0] counts itself, as rb_update_event stores it.
            WriteHeader(data, 0, delta);
            BinaryPrimitives.WriteUInt32LittleEndian(data[4..], (uint)(words + 4));
            data = data[8..];
        }
        payload.CopyTo(data);
        data[payload.Length..words].Clear();
        _used += size;
        _events++;
        _last = timestamp;
        return true;
    }

    /// <summary>
    /// Completes the page: the commit word, and zeros after it. With <paramref name="padTail"/> (an event did not
    /// fit, as when the kernel moves to the next page) a padding event first covers the unused tail if it has room
    /// for one (header and length word). Returns the whole page.
    /// </summary>
    public ReadOnlySpan<byte> Seal(bool padTail)
    {
        int tail = RingBufferLayout.DataSize - _used;
        var data = _page.AsSpan(RingBufferLayout.PageHeaderSize);
        if (padTail && tail >= 8)
        {
            // Delta 0 marks page-end padding (not a discarded event); array[0] is the bytes after the header.
            WriteHeader(data[_used..], RingBufferLayout.PaddingType, 0);
            BinaryPrimitives.WriteUInt32LittleEndian(data[(_used + 4)..], (uint)(tail - 4));
            data[(_used + 8)..].Clear();
            _used = RingBufferLayout.DataSize;
        }
        else
        {
            data[_used..].Clear();
        }
        BinaryPrimitives.WriteUInt64LittleEndian(_page.AsSpan(8), (ulong)_used);
        return _page;
    }

    /// <summary>Empties the page for the next one.</summary>
    public void Reset()
    {
        _used = 0;
        _events = 0;
        _last = 0;
    }

    private static void WriteHeader(Span<byte> at, int typeLen, long delta) =>
        BinaryPrimitives.WriteUInt32LittleEndian(at, (uint)typeLen | ((uint)delta << 5));
}
