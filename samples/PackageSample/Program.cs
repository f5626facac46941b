using System.Text.Json.Serialization;
using AslCompiler.Runtime.Api;
using AslCompiler.Runtime.Compiled;
using AslCompiler.Runtime.Execution;
using AslCompiler.Runtime.Json;
using AslCompiler.Runtime.Tasks;
using PackageSample;
using ExecutionStatus = AslCompiler.Runtime.Execution.ExecutionStatus;
using PackageSample.Workflows;

// Each *.asl.json in Workflows/ is a generated class: its handlers are a typed interface (IHandlers, one method per
// Task resource) and RunAsync runs the compiled state machine in-process.
Console.WriteLine($"OrderFulfillment: {OrderFulfillment.States.ValidateOrder} -> {OrderFulfillment.States.IsValid} -> {OrderFulfillment.States.PriceOrder}");

var orders = new OrderHandlers();
Print("valid order", await OrderFulfillment.RunAsync(orders, JsonValue.Parse("""
    { "orderId": "A-1", "lines": [ { "sku": "pen", "qty": 3, "price": 1.5 }, { "sku": "pad", "qty": 1, "price": 4 } ] }
    """)));
Print("empty order", await OrderFulfillment.RunAsync(orders, JsonValue.Parse("""{ "orderId": "A-2", "lines": [] }""")));
Console.WriteLine($"price-order calls: {orders.PriceCalls}");

Print("greetings", await Greetings.RunAsync(new GreetingHandlers(), JsonValue.Parse("""{ "names": ["Ada", "Grace"] }""")));

// [StateMachineTypes] on Greetings (below) gives it a typed RunAsync: a C# record in, a C# record out. The overload that
// takes JsonTypeInfo converts them with GreetingJson's source-generated metadata (camelCase names, as the definition reads
// $.names and writes messageId): no reflection, so the trim and AOT analyzers this project turns on find nothing.
GreetingReceipt receipt = await Greetings.RunAsync(GreetingJson.Default.GreetingRequest, GreetingJson.Default.GreetingReceipt, new GreetingHandlers(), new GreetingRequest(["Edsger"]));
Console.WriteLine($"typed greetings: {receipt.MessageId}");

// The Step Functions API in-process: the generated class registers its definition (the API then runs the compiled code)
// and the handlers reach it through the registry; the history is the API's, event for event.
var registry = new TaskHandlerRegistry();
Greetings.RegisterHandlers(registry, new GreetingHandlers());
var stepFunctions = new LocalStepFunctions(new StepFunctionsOptions { Execution = new ExecutionOptions { TaskHandlers = registry } });
var machine = await Greetings.CreateStateMachineAsync(stepFunctions, "Greetings", "arn:aws:iam::123456789012:role/greetings");
var started = await stepFunctions.StartExecutionAsync(new StartExecutionRequest { StateMachineArn = machine.StateMachineArn, Input = """{ "names": ["Barbara"] }""" });
var ended = await stepFunctions.WaitForExecutionAsync(started.ExecutionArn);
var history = await stepFunctions.GetExecutionHistoryAsync(new GetExecutionHistoryRequest { ExecutionArn = started.ExecutionArn, ReverseOrder = true, MaxResults = 1 });
Console.WriteLine($"api greetings: {WireName.Of(ended.Status)} {history.Events[0].ExecutionSucceededEventDetails?.Output}");

static void Print(string label, ExecutionResult result) =>
    Console.WriteLine(result.Status == ExecutionStatus.Succeeded
        ? $"{label}: {result.StatusName} {result.Output.ToJsonString()}"
        : $"{label}: {result.StatusName} {result.Error}: {result.Cause}");

namespace PackageSample.Workflows
{
    /// <summary>Your half of the generated class: the attribute names the typed RunAsync's input and output.</summary>
    [StateMachineTypes(InputType = typeof(GreetingRequest), OutputType = typeof(GreetingReceipt))]
    internal partial class Greetings
    {
    }
}

namespace PackageSample
{
    /// <summary>The greeting workflow's input as C#.</summary>
    internal sealed record GreetingRequest(IReadOnlyList<string> Names);

    /// <summary>The greeting workflow's output as C#.</summary>
    internal sealed record GreetingReceipt(string MessageId);

    /// <summary>System.Text.Json metadata of the greeting records, generated at build time.</summary>
    [JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
    [JsonSerializable(typeof(GreetingRequest))]
    [JsonSerializable(typeof(GreetingReceipt))]
    internal sealed partial class GreetingJson : JsonSerializerContext
    {
    }

    /// <summary>The order workflow's Lambda functions, as C#: a missing method would be a compile error (CS0535).</summary>
    internal sealed class OrderHandlers : OrderFulfillment.IHandlers
    {
        public int PriceCalls { get; private set; }

        public ValueTask<JsonValue> ValidateOrderAsync(JsonValue input, CancellationToken cancellationToken)
        {
            var valid = input["lines"].TryGetArray(out var lines) && lines.Count > 0;
            return ValueTask.FromResult(JsonValue.CreateObject(
                new("valid", valid),
                new("reason", valid ? JsonValue.Null : "An order needs at least one line.")));
        }

        public ValueTask<JsonValue> PriceOrderAsync(JsonValue input, CancellationToken cancellationToken)
        {
            // The first call fails like a flaky pricing service would; the state's Retry runs it again.
            if (++PriceCalls == 1)
            {
                throw new TaskFailedException("PricingUnavailable", "The pricing service is warming up.");
            }

            double total = 0;
            foreach (var line in input["lines"].GetArray())
            {
                total += line["qty"].GetDouble() * line["price"].GetDouble();
            }

            return ValueTask.FromResult(JsonValue.CreateObject(new("orderId", input["orderId"]), new("total", total)));
        }
    }

    /// <summary>The greeting workflow's handlers: a Lambda function and SQS SendMessage.</summary>
    internal sealed class GreetingHandlers : Greetings.IHandlers
    {
        public ValueTask<JsonValue> GreetAsync(JsonValue input, CancellationToken cancellationToken) =>
            ValueTask.FromResult<JsonValue>($"#{input["position"].GetDouble()} Hello, {input["name"].GetString()}!");

        public ValueTask<JsonValue> SendMessageAsync(JsonValue input, CancellationToken cancellationToken)
        {
            Console.WriteLine($"sqs <- {input["QueueUrl"].GetString()}: {input["MessageBody"].GetString()}");
            return ValueTask.FromResult(JsonValue.CreateObject(KeyValuePair.Create("MessageId", JsonValue.FromString("m-1"))));
        }
    }
}
