using System.Collections.Generic;
using AslCompiler.Runtime.Json;

namespace AslCompiler.Runtime.Execution;

internal static class JsonMembers
{
    /// <summary>An object with one member (a single <c>new(...)</c> argument would bind to the span constructor).</summary>
    public static JsonValue Single(string name, JsonValue value) =>
        JsonValue.CreateObject(new KeyValuePair<string, JsonValue>[] { new(name, value) });
}
