using IommuSim.Iommu;
using static IommuSim.Tests.Iommu.PageTableFixture;

namespace IommuSim.Tests.Iommu;

public class DomainTests
{
    private readonly TablePageAllocator _allocator = Allocator();

    [Theory]
    [InlineData(DomainType.Blocked, false)]
    [InlineData(DomainType.Identity, false)]
    [InlineData(DomainType.DmaStrict, true)]
    [InlineData(DomainType.DmaLazy, true)]
    [InlineData(DomainType.Unmanaged, true)]
    public void Only_translated_domains_have_a_page_table(DomainType type, bool hasTable)
    {
        var domain = new Domain(7, type, PageTableFormat.FourLevel, _allocator);
        Assert.Equal(7, domain.Id);
        Assert.Equal(type, domain.Type);
        Assert.Equal(48, domain.AddressWidthBits);
        Assert.Equal(hasTable, domain.PageTable is not null);
        Assert.Null(domain.Parent);
        // A table costs its top-level page at once; blocked and identity domains cost nothing.
        Assert.Equal(hasTable ? 1L : 0L, _allocator.PagesInUse);
    }

    [Fact]
    public void A_nested_domain_has_its_own_stage_1_table_over_a_parent_stage_2()
    {
        var stage2 = new Domain(1, DomainType.Unmanaged, PageTableFormat.FourLevel, _allocator);
        var nested = new Domain(2, DomainType.Nested, PageTableFormat.FiveLevel, _allocator, stage2);
        Assert.Same(stage2, nested.Parent);
        Assert.NotNull(nested.PageTable);
        Assert.NotSame(stage2.PageTable, nested.PageTable);
        Assert.Equal(57, nested.AddressWidthBits);
        Assert.Equal("domain 2 (Nested)", nested.ToString());
    }

    [Fact]
    public void Parents_are_checked()
    {
        var identity = new Domain(1, DomainType.Identity, PageTableFormat.FourLevel, _allocator);
        var stage2 = new Domain(2, DomainType.Unmanaged, PageTableFormat.FourLevel, _allocator);
        var nested = new Domain(3, DomainType.Nested, PageTableFormat.FourLevel, _allocator, stage2);

        var missing = Assert.Throws<ArgumentException>(() => new Domain(4, DomainType.Nested, PageTableFormat.FourLevel, _allocator));
        Assert.Contains("needs a parent", missing.Message);
        var untranslated = Assert.Throws<ArgumentException>(() => new Domain(4, DomainType.Nested, PageTableFormat.FourLevel, _allocator, identity));
        Assert.Contains("must be a translated, non-nested domain", untranslated.Message);
        Assert.Throws<ArgumentException>(() => new Domain(4, DomainType.Nested, PageTableFormat.FourLevel, _allocator, nested));
        var stray = Assert.Throws<ArgumentException>(() => new Domain(4, DomainType.DmaLazy, PageTableFormat.FourLevel, _allocator, stage2));
        Assert.Contains("only a nested domain has a parent", stray.Message);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(65536)]
    public void Ids_are_16_bit(int id)
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => new Domain(id, DomainType.DmaStrict, PageTableFormat.FourLevel, _allocator));
        Assert.Contains("16-bit", ex.Message);
    }

    [Fact]
    public void Two_domains_translate_the_same_iova_to_their_own_memory()
    {
        var a = new Domain(1, DomainType.DmaStrict, PageTableFormat.FourLevel, _allocator);
        var b = new Domain(2, DomainType.DmaStrict, PageTableFormat.FourLevel, _allocator);
        a.PageTable!.Map(0x1000, 0xA000, 4 * KiB, Permissions.Read);
        b.PageTable!.Map(0x1000, 0xB000, 4 * KiB, Permissions.Write);
        Assert.True(a.PageTable.TryTranslate(0x1000, out var la));
        Assert.True(b.PageTable.TryTranslate(0x1000, out var lb));
        Assert.Equal((0xA000UL, Permissions.Read), (la.PhysicalAddress, la.Permissions));
        Assert.Equal((0xB000UL, Permissions.Write), (lb.PhysicalAddress, lb.Permissions));
        Assert.NotEqual(a.PageTable.RootAddress, b.PageTable.RootAddress);
    }
}
