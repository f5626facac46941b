using AslCompiler.Runtime.Json;
using AslCompiler.Runtime.Jsonata;
using BenchmarkDotNet.Attributes;

namespace AslCompiler.Benchmarks.Jsonata;

/// <summary>
/// The six expressions and the data of ../shared/bench/peer-jsonata.mjs (jsonata 2.0.6 under node), evaluation only,
/// each expression compiled once. Goal: at least 5x faster per evaluation than the JavaScript reference.
/// </summary>
[MemoryDiagnoser]
public class JsonataBenchmarks
{
    private static readonly string[] Expressions =
    [
        "$sum(items.(qty*price))",
        "items[qty > 1].sku",
        "{\"id\": orderId, \"n\": $count(items), \"name\": $uppercase(customer.name)}",
        "$map(items, function($i){ $i.qty * 2 })",
        "customer.tier = \"gold\" ? \"G\" : \"X\"",
        "$join(items.sku, \",\") & \"-\" & $string($count(items))",
    ];

    private readonly JsonValue _data = JsonValue.Parse("""
        {"orderId": "A-1001", "customer": {"name": "Ann", "tier": "gold"}, "items": [{"sku": "s1", "qty": 1, "price": 9.5}, {"sku": "s2", "qty": 7, "price": 1.25}, {"sku": "s3", "qty": 2, "price": 4.0}]}
        """);

    private JsonataExpression _expression = null!;

    /// <summary>Index into the six expressions.</summary>
    [Params(0, 1, 2, 3, 4, 5)]
    public int Case { get; set; }

    [GlobalSetup]
    public void Setup() => _expression = JsonataExpression.Compile(Expressions[Case]);

    [Benchmark]
    public JsonValue Evaluate() => _expression.Evaluate(_data).Value;
}
