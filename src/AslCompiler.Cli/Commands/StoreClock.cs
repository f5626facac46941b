using System;
using AslCompiler.Sqlite;

namespace AslCompiler.Cli.Commands;

/// <summary>Where a command's clock starts over a <c>--store</c> file that an earlier, faster clock wrote.</summary>
internal static class StoreClock
{
    /// <summary>
    /// The store's clock reading (<see cref="SqliteStepFunctionsStore.ReadClock"/>) when it is ahead of the wall clock (a
    /// fast or virtual clock carried it there), or null: the command's clock goes on from it, so nothing it records is
    /// dated before what the store holds.
    /// </summary>
    public static DateTimeOffset? Ahead(string path, DateTimeOffset now) =>
        SqliteStepFunctionsStore.ReadClock(path) is { } reading && reading > now ? reading : null;
}
