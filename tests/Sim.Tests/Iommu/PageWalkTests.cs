using IommuSim.Tests.Support;
using IommuSim.Iommu;
using static IommuSim.Tests.Iommu.PageTableFixture;

namespace IommuSim.Tests.Iommu;

public class PageWalkTests
{
    [Fact]
    public void A_4KiB_leaf_in_a_4_level_table_reads_4_tables_top_first()
    {
        var table = Table();
        ulong iova = 0x4020_3000;
        table.Map(iova, 0x5000, 4 * KiB, Permissions.Read);
        var walk = table.Walk(iova + 0x10);
        Assert.Equal(WalkOutcome.Leaf, walk.Outcome);
        Assert.True(walk.Found);
        Assert.Equal(1, walk.Level);
        Assert.Equal(0x5010UL, walk.Leaf.PhysicalAddress);
        // Tables were allocated root, level 3, level 2, level 1 from TableBase, 4KiB apart.
        Span<ulong> addresses = stackalloc ulong[PageWalk.MaxTableReads];
        int n = walk.CopyTableAddresses(addresses);
        Assert.Equal(4, n);
        Assert.Equal([TableBase, TableBase + 0x1000, TableBase + 0x2000, TableBase + 0x3000], addresses[..n].ToArray());
        Assert.Equal([4, 3, 2, 1], Enumerable.Range(0, n).Select(walk.LevelOfRead));
        // Indices of 0x4020_3000: level 4: >> 39 = 0; level 3: >> 30 = 1; level 2: (>> 21) & 511 = 0x201 & 0x1FF = 1;
        // level 1: (>> 12) & 511 = 0x40203 & 0x1FF = 3. Entries are 8 bytes.
        Assert.Equal(TableBase + 0 * 8, walk.EntryAddress(0));
        Assert.Equal(TableBase + 0x1000 + 1 * 8, walk.EntryAddress(1));
        Assert.Equal(TableBase + 0x2000 + 1 * 8, walk.EntryAddress(2));
        Assert.Equal(TableBase + 0x3000 + 3 * 8, walk.EntryAddress(3));
    }

    [Fact]
    public void A_2MiB_leaf_reads_3_tables_and_a_1GiB_leaf_reads_2()
    {
        var table = Table();
        table.Map(0x20_0000, 0x20_0000, 2 * MiB, Permissions.Read);
        table.Map(GiB, GiB, GiB, Permissions.Read);
        var two = table.Walk(0x20_0000);
        Assert.Equal((3, 2, PageSize.Size2MiB), (two.TableReads, two.Level, two.Leaf.PageSize));
        var one = table.Walk(GiB + 12345);
        Assert.Equal((2, 3, PageSize.Size1GiB), (one.TableReads, one.Level, one.Leaf.PageSize));
    }

    [Fact]
    public void A_4KiB_leaf_in_a_5_level_table_reads_5_tables()
    {
        var table = Table(levels: 5);
        table.Map(0x1000, 0x1000, 4 * KiB, Permissions.Read);
        var walk = table.Walk(0x1000);
        Assert.Equal(5, walk.TableReads);
        Assert.Equal(5, walk.TopLevel);
        Assert.Equal(1, walk.Level);
        Assert.Equal(TableBase, walk.TableAddress(0));
        Assert.Equal(TableBase + 0x4000, walk.TableAddress(4));
    }

    [Fact]
    public void A_missing_entry_ends_the_walk_at_its_level()
    {
        var table = Table();
        table.Map(0x4020_3000, 0x5000, 4 * KiB, Permissions.Read);
        // Same level-1 table, entry 4 empty: all 4 tables read, missing at level 1.
        var sameTable = table.Walk(0x4020_4000);
        Assert.Equal((WalkOutcome.NotPresent, 4, 1), (sameTable.Outcome, sameTable.TableReads, sameTable.Level));
        // 512GiB is the second top-level entry, empty: only the top table is read, missing at level 4.
        var top = table.Walk(0x80_0000_0000);
        Assert.Equal((WalkOutcome.NotPresent, 1, 4), (top.Outcome, top.TableReads, top.Level));
        Assert.False(top.Found);
        Assert.Throws<ArgumentOutOfRangeException>(() => top.TableAddress(1));
    }

    [Fact]
    public void An_iova_past_the_address_width_reads_nothing()
    {
        var walk = Table().Walk(1UL << 48);
        Assert.Equal((WalkOutcome.BeyondAddressWidth, 0, 0), (walk.Outcome, walk.TableReads, walk.Level));
    }

    [Fact]
    public void Walk_agrees_with_translate()
    {
        var table = Table();
        table.Map(0x3FDF_F000, 0x1_3FDF_F000, 0x4040_2000, Permissions.ReadWrite);
        foreach (ulong iova in new ulong[] { 0x3FDF_F123, 0x3FE0_0000, 0x5000_0000, 0x8020_0FFF, 0x8020_1000, 0 })
        {
            bool mapped = table.TryTranslate(iova, out var leaf);
            var walk = table.Walk(iova);
            Assert.Equal(mapped, walk.Found);
            Assert.Equal(leaf, walk.Leaf);
        }
    }

    [Fact]
    public void Walk_and_translate_do_not_allocate()
    {
        var table = Table();
        table.Map(0x20_0000, 0x20_0000, 2 * MiB, Permissions.Read);
        table.Map(0x1000, 0x1000, 4 * KiB, Permissions.Read);
        table.Walk(0x1000);
        table.TryTranslate(0x1000, out _);
        ulong sum = 0;
        Assert.Equal(0L, AllocationProbe.LeastBytes(() =>
        {
            for (int i = 0; i < 1000; i++)
            {
                sum += table.Walk(0x1000).TableAddress(3);
                if (table.TryTranslate(0x20_0000 + (ulong)i, out var leaf)) sum += leaf.PhysicalAddress;
            }
        }));
        Assert.NotEqual(0UL, sum);
    }
}
