using IommuSim.Kernel;
using IommuSim.Pcie;
using IommuSim.Tests.Support;

namespace IommuSim.Tests.Pcie;

public class PcieAllocationTests
{
    [Fact]
    public void The_per_transfer_path_allocates_nothing()
    {
        var sim = new Simulation();
        var link = new PcieLink(sim, new PcieLinkParams());
        ulong address = 0x10_0000_0000 + 100;
        void Transfers()
        {
            for (int i = 0; i < 10_000; i++)
            {
                link.SendWrite(address + (ulong)i * 1500, 1500);
                link.SendReadRequests(address, 4096);
                link.SendCompletions(address, 4096);
                link.Tlps.Read(address - 64, 9000);
                link.Upstream.BusyTime(sim.Now);
            }
        }
        Transfers();   // warm-up: JIT, tiering
        Assert.Equal(0, AllocationProbe.LeastBytes(Transfers));
    }
}
