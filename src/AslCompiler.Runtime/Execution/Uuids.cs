using System;

namespace AslCompiler.Runtime.Execution;

/// <summary>
/// The version 4 UUIDs the runtime makes up for execution names, Express execution ids and Map Run ids. They are drawn
/// from <see cref="Random.Shared"/> (122 random bits, seeded from the operating system per thread): these ids must be
/// unique, not unpredictable, and <see cref="Guid.NewGuid"/> asks the operating system's cryptographic source each time,
/// which costs about 0.3 µs on a virtual machine, as much as a whole compiled execution of a short workflow.
/// </summary>
internal static class Uuids
{
    /// <summary>A new UUID, lowercase with hyphens (as <see cref="Guid.ToString()"/> writes one).</summary>
    /// <returns>The text.</returns>
    internal static string New() => JsonPath.Intrinsics.RandomUuid(Random.Shared);
}
