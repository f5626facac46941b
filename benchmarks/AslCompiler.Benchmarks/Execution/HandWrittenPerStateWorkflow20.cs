using System.Collections.Generic;
using System.Globalization;
using AslCompiler.Runtime.Json;

namespace AslCompiler.Benchmarks.Execution;

/// <summary>
/// workflow20.asl.json written by hand state by state: each executed state does the JSON step the definition asks for
/// (builds its Parameters object, runs the Choice loop one comparison at a time, sets its ResultPath member, runs every
/// Map iteration's three states) as plain C# over the same JSON values, with no kernel, context object, payload limit
/// or error handling. It is the cost of the same JSON work without any runtime, next to <see cref="HandWrittenWorkflow20"/>
/// (which computes the output directly and skips the intermediate states).
/// </summary>
internal static class HandWrittenPerStateWorkflow20
{
    public static JsonValue Run(JsonValue input)
    {
        // Init
        var value = Object(new("orderId", input["orderId"]), new("items", input["items"]), new("total", 0), new("count", 0));

        // Normalize
        value = Object(new("orderId", value["orderId"]), new("items", value["items"]), new("total", value["total"]), new("count", value["count"]), new("region", "eu"));

        // PriceItems: an inline Map over $.items with an ItemSelector, each iteration Line → IsBig → Bulk/Single.
        var items = value["items"].GetArray();
        var lines = new JsonValue[items.Count];
        for (var i = 0; i < lines.Length; i++)
        {
            var item = items[i];
            var selected = Object(new("sku", item["sku"]), new("qty", item["qty"]), new("price", item["price"]));

            // Line
            var qty = selected["qty"];
            var line = Object(
                new("sku", selected["sku"]),
                new("qty", qty),
                new("price", selected["price"]),
                new("big", Int(qty) + 0));

            // IsBig → Bulk or Single
            var bulk = JsonValue.CompareNumbers(line["qty"], 5) > 0;
            lines[i] = Object(new("sku", line["sku"]), new("qty", line["qty"]), new("discount", bulk));
        }

        // ResultPath $.lines
        value = JsonValue.FromObject(value.GetObject().SetItem("lines", JsonValue.FromArray(JsonArrayValue.Create(lines))));

        // CountLines
        value = Object(new("orderId", value["orderId"]), new("lines", value["lines"]), new("n", value["lines"].GetArray().Count), new("i", 0));

        // Loop ⇄ Step
        while (JsonValue.CompareNumbers(value["i"], value["n"]) < 0)
        {
            value = Object(new("orderId", value["orderId"]), new("lines", value["lines"]), new("n", value["n"]), new("i", Int(value["i"]) + 1));
        }

        // Summarize
        var n = value["n"];
        var label = "order " + value["orderId"].GetString() + " has " + Int(n).ToString(CultureInfo.InvariantCulture) + " lines";
        value = Object(new("orderId", value["orderId"]), new("n", n), new("label", label));

        // Tier → Gold / Silver / Bronze (ResultPath $.tier)
        var tier = JsonValue.CompareNumbers(value["n"], 3) >= 0 && value["orderId"].GetString().StartsWith('A') ? "Gold"
            : JsonValue.CompareNumbers(value["n"], 2) >= 0 ? "Silver"
            : "Bronze";
        value = JsonValue.FromObject(value.GetObject().SetItem("tier", tier));

        // Stamp
        value = Object(new("orderId", value["orderId"]), new("tier", value["tier"]), new("label", value["label"]), new("ok", true));

        // Check
        if (!value["ok"].IsTrue)
        {
            return JsonValue.Undefined;
        }

        // Audit1 (ResultPath $.audit), Audit2 (InputPath/OutputPath $: the value as is), Audit3, Done
        value = JsonValue.FromObject(value.GetObject().SetItem("audit", Audit));
        return Object(new("orderId", value["orderId"]), new("tier", value["tier"]), new("label", value["label"]));
    }

    private static readonly JsonValue Audit = JsonValue.CreateObject(new KeyValuePair<string, JsonValue>("step", 1));

    private static long Int(JsonValue value) => value.TryGetInt64(out var whole) ? whole : throw new System.InvalidOperationException("Not an integer: " + value);

    private static JsonValue Object(params System.ReadOnlySpan<KeyValuePair<string, JsonValue>> members) => JsonValue.CreateObject(members);
}
