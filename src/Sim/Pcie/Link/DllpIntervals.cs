namespace IommuSim.Pcie;

/// <summary>
/// How often a receiver sends an ACK DLLP and a flow-control update DLLP, in symbol times, as pcie-bench's model
/// takes them: pcie-model's model/pcie.py tables Ack_Limits and FC_Guide, transcribed from the Ack latency tables of
/// the PCIe Base Spec rev 5.0 (Tables 3-7 to 3-9), with the same values for FC updates.
/// </summary>
/// <remarks>
/// The tables follow the spec's form (Max_Payload_Size + TLPOverhead) × AckFactor / LinkWidth + InternalDelay,
/// truncated, with TLPOverhead 28 symbols, AckFactor 1.4 (x1-x4) / 2.5 (x8) / 3.0 (x12-x32) up to a 256 B MPS and
/// 1.0 (x1-x8) / 2.0 (x12-x32) above, and InternalDelay 19, 70 and 115 symbol times at 2.5, 5 and 8 GT/s and above:
/// those constants reproduce every entry of both pcie-model tables except two where its tables disagree with each
/// other (Gen1 x32 MPS 2048: FC 248 against ACK 148; Gen2 x32 MPS 4096: ACK 237 against FC 327), where the formula
/// gives the other table's value (PcieDllpIntervalTests checks all of them). pcie-model has no x12 row; x12 uses the
/// factors of the wider links. pcie-model copies the Gen5 values to Gen6; here Gen6 runs in Flit mode and carries
/// its DLLPs inside every flit instead (see <see cref="LinkBandwidth"/>).
/// </remarks>
internal static class DllpIntervals
{
    /// <summary>Symbol times between ACK (and FC update) DLLPs on a link of the given generation, width and MPS.</summary>
    public static int Symbols(int generation, int lanes, int maxPayload)
    {
        int factorTenths = lanes <= 4 ? (maxPayload <= 256 ? 14 : 10)
            : lanes == 8 ? (maxPayload <= 256 ? 25 : 10)
            : (maxPayload <= 256 ? 30 : 20);
        int internalDelay = generation switch { 1 => 19, 2 => 70, _ => 115 };
        return (maxPayload + TlpOverheadSymbols) * factorTenths / (10 * lanes) + internalDelay;
    }

    private const int TlpOverheadSymbols = 28;
}
