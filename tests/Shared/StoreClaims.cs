using AslCompiler.Runtime.Api.Store;
using AslCompiler.Runtime.Timing;

namespace AslCompiler.Tests.Shared;

/// <summary>What every store's claims do on its clock: the first owner holds an execution until its lease ends.</summary>
internal static class StoreClaims
{
    /// <summary>Checks <paramref name="store"/>, whose clock is <paramref name="clock"/>, on the executions <c>arn:x</c> and <c>arn:y</c>.</summary>
    public static async Task AssertFirstOwnerHoldsUntilTheLeaseEndsAsync(IStepFunctionsStore store, VirtualTimeProvider clock)
    {
        var none = CancellationToken.None;
        var lease = clock.GetUtcNow().AddMinutes(1);
        Assert.True(await store.TryClaimAsync("arn:x", "node-a", lease, none));
        Assert.False(await store.TryClaimAsync("arn:x", "node-b", lease, none));
        Assert.True(await store.TryClaimAsync("arn:x", "node-a", lease.AddMinutes(1), none));
        Assert.True(await store.TryClaimAsync("arn:y", "node-b", lease, none));

        clock.Advance(TimeSpan.FromMinutes(2));
        Assert.True(await store.TryClaimAsync("arn:x", "node-b", clock.GetUtcNow().AddMinutes(1), none));
        Assert.False(await store.TryClaimAsync("arn:x", "node-a", clock.GetUtcNow().AddMinutes(1), none));
    }
}
