namespace IommuSim.Devices;

/// <summary>
/// Hears of a posted write whose timing <see cref="PcieDmaEngine.TryWrite"/> could not give at once: the write waited
/// for root-port credits behind a translation still walking, or its retirement did.
/// </summary>
public interface IPostedWriteClient
{
    /// <summary>The write's TLPs have all been sent: <paramref name="drainedPs"/> is when the last crossed the link.</summary>
    void OnWriteDrained(long token, long drainedPs);

    /// <summary>The write's retirement is known (called once, after <see cref="OnWriteDrained"/> or after a partial result).</summary>
    void OnWriteRetired(long token, in WriteTiming timing);
}
