using System.Globalization;
using AslCompiler.Runtime.Json;

namespace AslCompiler.Benchmarks.Execution;

/// <summary>
/// workflow20.asl.json written by hand as plain C# over the same JSON values (no kernel, no history): the floor the
/// compiled class is measured against.
/// </summary>
internal static class HandWrittenWorkflow20
{
    public static JsonValue Run(JsonValue input)
    {
        var orderId = input["orderId"];
        var items = input["items"].GetArray();

        // PriceItems (inline Map): Line → IsBig → Bulk/Single.
        var lines = new JsonValue[items.Count];
        for (var i = 0; i < lines.Length; i++)
        {
            var item = items[i];
            var qty = item["qty"];
            lines[i] = JsonValue.CreateObject(
                new("sku", item["sku"]),
                new("qty", qty),
                new("discount", JsonValue.CompareNumbers(qty, 5) > 0));
        }

        // CountLines; the Choice loop (Step until i == n) only counts to n, and the lines are not in the output.
        var n = lines.Length;

        var label = "order " + orderId.GetString() + " has " + n.ToString(CultureInfo.InvariantCulture) + " lines";
        var tier = n >= 3 && orderId.GetString().StartsWith('A') ? "Gold" : n >= 2 ? "Silver" : "Bronze";
        return JsonValue.CreateObject(new("orderId", orderId), new("tier", tier), new("label", label));
    }
}
