using AslCompiler.Runtime.Api.Store;
using AslCompiler.Runtime.Timing;
using AslCompiler.Tests.Shared;

namespace AslCompiler.Runtime.Tests.Api;

/// <summary>The in-memory store's claims end by the clock it was given: the one the engines sharing it run on.</summary>
public class InMemoryStoreClaimTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task Claims_go_to_the_first_owner_until_the_lease_ends_on_the_given_clock()
    {
        // A virtual clock a year ahead of the real one: a store that read the real clock would see no lease end.
        var clock = new VirtualTimeProvider(DateTimeOffset.UtcNow.AddYears(1));
        await StoreClaims.AssertFirstOwnerHoldsUntilTheLeaseEndsAsync(new InMemoryStepFunctionsStore(clock), clock);
    }

    [Fact]
    public async Task Without_a_clock_leases_end_by_the_system_clock()
    {
        var store = new InMemoryStepFunctionsStore();
        Assert.True(await store.TryClaimAsync("arn:x", "node-a", DateTimeOffset.UtcNow.AddMinutes(5), None));
        Assert.False(await store.TryClaimAsync("arn:x", "node-b", DateTimeOffset.UtcNow.AddMinutes(5), None));
        Assert.True(await store.TryClaimAsync("arn:y", "node-a", DateTimeOffset.UtcNow.AddMinutes(-1), None));
        Assert.True(await store.TryClaimAsync("arn:y", "node-b", DateTimeOffset.UtcNow.AddMinutes(5), None));
        Assert.Throws<ArgumentNullException>(() => new InMemoryStepFunctionsStore(null!));
    }
}
