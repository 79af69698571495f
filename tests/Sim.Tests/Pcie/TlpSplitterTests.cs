using IommuSim.Pcie;
using IommuSim.Units;

namespace IommuSim.Tests.Pcie;

public class TlpSplitterTests
{
    private const ulong Low = 0x1000_0000;          // below 4 GiB: 3DW headers
    private const ulong High = 0x10_0000_0000;      // 64 GiB: 4DW headers

    private static TlpSplitter Gen3(int mps = 256, int mrrs = 512, int rcb = 64, bool ecrc = false) =>
        new(new PcieLinkParams
        {
            Generation = 3, MaxPayload = ByteSize.FromBytes(mps), MaxReadRequest = ByteSize.FromBytes(mrrs),
            ReadCompletionBoundary = ByteSize.FromBytes(rcb), Ecrc = ecrc,
        });

    [Fact]
    public void A_1500_byte_write_64_bytes_below_a_page_boundary()
    {
        // 64 B up to the boundary, then 1436 B = 5 x 256 + 156: 7 TLPs. Each costs 8 B (STP token with sequence
        // number + LCRC) and a 12 B (3DW) or 16 B (4DW) header, and 4 B more with ECRC.
        var tlps = Gen3();
        Assert.Equal(new TlpTraffic(7, 1500 + 7 * (8 + 12)), tlps.Write(Low + 4096 - 64, 1500));
        Assert.Equal(new TlpTraffic(7, 1500 + 7 * (8 + 16)), tlps.Write(High + 4096 - 64, 1500));
        Assert.Equal(new TlpTraffic(7, 1500 + 7 * (8 + 16 + 4)), Gen3(ecrc: true).Write(High + 4096 - 64, 1500));
    }

    [Fact]
    public void Gen6_flit_mode_tlps_carry_only_their_header()
    {
        var tlps = new TlpSplitter(new PcieLinkParams { Generation = 6 });
        Assert.Equal(new TlpTraffic(7, 1500 + 7 * 12), tlps.Write(Low + 4096 - 64, 1500));
    }

    [Fact]
    public void Unaligned_writes()
    {
        var tlps = Gen3();
        // Inside one page, from offset 100: ceil(1000 / 256) = 4 TLPs.
        Assert.Equal(new TlpTraffic(4, 1000 + 4 * 20), tlps.Write(Low + 100, 1000));
        // 10000 B from offset 4000: 96 B (1 TLP), two whole pages (2 x 16), 1712 B (7): 40 TLPs.
        Assert.Equal(new TlpTraffic(40, 10000 + 40 * 20), tlps.Write(Low + 4000, 10000));
        // A single byte is one TLP.
        Assert.Equal(new TlpTraffic(1, 1 + 20), tlps.Write(Low + 4095, 1));
        Assert.Equal(default, tlps.Write(Low, 0));
    }

    [Fact]
    public void An_aligned_4_KiB_read_with_mrrs_512_and_rcb_64()
    {
        // 8 requests of 512 B, no payload; each answered by 2 completions of 256 B (MPS): 16 completions of 3DW.
        var read = Gen3().Read(Low, 4096);
        Assert.Equal(new TlpTraffic(8, 8 * 20), read.Requests);
        Assert.Equal(new TlpTraffic(16, 4096 + 16 * 20), read.Completions);
        // From 64 GiB the requests have 4DW headers; completions keep 3DW.
        var high = Gen3().Read(High, 4096);
        Assert.Equal(new TlpTraffic(8, 8 * 24), high.Requests);
        Assert.Equal(new TlpTraffic(16, 4096 + 16 * 20), high.Completions);
    }

    [Fact]
    public void An_unaligned_4_KiB_read()
    {
        // From offset 100: the first page holds 3996 B = 7 x 512 + 412, 8 requests, all 36 B past an RCB (64)
        // boundary. A request of 512 B gets 28 B (to the boundary), 256 B, 228 B: 3 completions; the one of 412 B gets
        // 28, 256, 128: 3. The second page holds 100 B: 1 request, 1 completion. In all 9 requests, 25 completions.
        var read = Gen3().Read(Low + 100, 4096);
        Assert.Equal(new TlpTraffic(9, 9 * 20), read.Requests);
        Assert.Equal(new TlpTraffic(25, 4096 + 25 * 20), read.Completions);
        // With RCB 128 the offset is 100: the first completion of each is 28 B all the same, so the counts stay.
        var rcb128 = Gen3(rcb: 128).Read(Low + 100, 4096);
        Assert.Equal(25, rcb128.Completions.Count);
        // From offset 64 with RCB 64 the requests start on a boundary (512 B: 2 completions of 256 B). The first
        // page holds 4032 B = 7 x 512 + 448: 7 x 2 + 2 = 16; the second 64 B: 1. With RCB 128, 64 is 64 B short of a
        // boundary: 512 B gets 64 + 256 + 192 (3), 448 B gets 64 + 256 + 128 (3): 24 + 1 = 25.
        Assert.Equal(17, Gen3().Read(Low + 64, 4096).Completions.Count);
        Assert.Equal(25, Gen3(rcb: 128).Read(Low + 64, 4096).Completions.Count);
    }

    [Fact]
    public void A_transfer_across_4_GiB_changes_header_format_there()
    {
        // 8 KiB from 4 GiB - 4 KiB: 16 TLPs of 3DW below, 16 of 4DW above.
        var tlps = Gen3();
        Assert.Equal(new TlpTraffic(32, 8192 + 16 * 20 + 16 * 24), tlps.Write((1UL << 32) - 4096, 8192));
    }

    [Fact]
    public void A_32_bit_device_uses_3dw_headers_and_cannot_reach_above_4_GiB()
    {
        var tlps = new TlpSplitter(new PcieLinkParams { Address64Bit = false });
        Assert.Equal(new TlpTraffic(1, 256 + 20), tlps.Write((1UL << 32) - 256, 256));
        Assert.Throws<ArgumentOutOfRangeException>(() => tlps.Write((1UL << 32) - 128, 256));
    }

    [Fact]
    public void The_closed_form_matches_a_walk_tlp_by_tlp()
    {
        // An independent reference: walk the transfer, cutting each TLP at the size limit or the next 4 KiB boundary,
        // and each request's completions at the first RCB boundary and then every MPS bytes.
        var random = new Random(12345);
        int[] sizes = [128, 256, 512, 1024, 4096];
        for (int trial = 0; trial < 2000; trial++)
        {
            int mps = sizes[random.Next(sizes.Length)];
            int mrrs = sizes[random.Next(sizes.Length)];
            int rcb = random.Next(2) == 0 ? 64 : 128;
            var tlps = Gen3(mps, mrrs, rcb);
            ulong address = Low + (ulong)random.Next(0, 1 << 16);
            long bytes = random.Next(1, 20000);
            var (writes, requests, completions) = Walk(address, bytes, mps, mrrs, rcb);
            Assert.Equal(new TlpTraffic(writes, bytes + writes * 20), tlps.Write(address, bytes));
            var read = tlps.Read(address, bytes);
            Assert.Equal(new TlpTraffic(requests, requests * 20), read.Requests);
            Assert.Equal(new TlpTraffic(completions, bytes + completions * 20), read.Completions);
        }
    }

    private static (long Writes, long Requests, long Completions) Walk(ulong address, long bytes, int mps, int mrrs, int rcb)
    {
        ulong end = address + (ulong)bytes;
        long writes = 0, requests = 0, completions = 0;
        for (ulong a = address; a < end; writes++)
            a = Math.Min(Math.Min(a + (ulong)mps, (a / 4096 + 1) * 4096), end);
        for (ulong a = address; a < end; requests++)
        {
            ulong requestEnd = Math.Min(Math.Min(a + (ulong)mrrs, (a / 4096 + 1) * 4096), end);
            ulong c = a;
            if (c % (ulong)rcb != 0) { c = Math.Min((c / (ulong)rcb + 1) * (ulong)rcb, requestEnd); completions++; }
            for (; c < requestEnd; completions++) c = Math.Min(c + (ulong)mps, requestEnd);
            a = requestEnd;
        }
        return (writes, requests, completions);
    }
}
