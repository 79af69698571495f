namespace IommuSim.Observe.TraceDat;

/// <summary>
/// The start every .dat file shares: magic 0x17 0x08 0x44, "tracing", the version as text, little endian (0),
/// 8-byte longs, the page size.
/// </summary>
internal static class InitialFormat
{
    public static void Write(DatOutput o, TraceDatVersion version)
    {
        o.Bytes([0x17, 0x08, 0x44]);
        o.Text("tracing");
        o.CString(((int)version).ToString(System.Globalization.CultureInfo.InvariantCulture));
        o.U8(0);
        o.U8(8);
        o.U32(RingBufferLayout.PageSize);
    }
}
