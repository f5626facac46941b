using System;
using System.Collections.Generic;
using System.CommandLine;
using System.IO;
using AslCompiler.Runtime.Tasks;
using AslCompiler.Server.Lambda;
using AslCompiler.Server.Services;

namespace AslCompiler.Cli.Commands;

/// <summary>
/// The <c>--lambda-endpoint</c>, <c>--dynamodb-endpoint</c>, <c>--sqs-endpoint</c>, <c>--eventbridge-endpoint</c> and
/// <c>--sns-endpoint</c> of <c>asl serve</c>, <c>asl run</c> and <c>asl test-state</c>: where those services' tasks go, as Step Functions
/// Local's LAMBDA_ENDPOINT, DYNAMODB_ENDPOINT, SQS_ENDPOINT, EVENTBRIDGE_ENDPOINT and SNS_ENDPOINT say.
/// <c>--aws-endpoint</c> is the one endpoint of all five (LocalStack's edge port) where no option of its own is given.
/// </summary>
internal sealed record ServiceEndpoints(string? Lambda = null, string? DynamoDb = null, string? Sqs = null, string? EventBridge = null, string? Sns = null, string? Aws = null)
{
    /// <summary>The six options, to add to a command and read back.</summary>
    internal sealed class Options
    {
        private readonly Option<string?> _lambda = new("--lambda-endpoint") { Description = "A Lambda Invoke API endpoint for functions with no in-process handler (like Step Functions Local's LAMBDA_ENDPOINT)." };
        private readonly Option<string?> _dynamoDb = new("--dynamodb-endpoint") { Description = "A DynamoDB endpoint (DynamoDB Local, LocalStack) for the DynamoDB tasks, optimized and AWS SDK (like Step Functions Local's DYNAMODB_ENDPOINT); requests are signed with AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY." };
        private readonly Option<string?> _sqs = new("--sqs-endpoint") { Description = "An SQS endpoint speaking SQS's JSON protocol (ElasticMQ, LocalStack) for the SQS tasks, optimized and AWS SDK (like Step Functions Local's SQS_ENDPOINT)." };
        private readonly Option<string?> _eventBridge = new("--eventbridge-endpoint") { Description = "An EventBridge endpoint (LocalStack) for the EventBridge tasks, optimized and AWS SDK (like Step Functions Local's EVENTBRIDGE_ENDPOINT)." };
        private readonly Option<string?> _sns = new("--sns-endpoint") { Description = "An SNS endpoint (LocalStack) for the sns:publish tasks (like Step Functions Local's SNS_ENDPOINT)." };
        private readonly Option<string?> _aws = new("--aws-endpoint") { Description = "One endpoint for the Lambda, DynamoDB, SQS, EventBridge and SNS tasks that have no --*-endpoint of their own (LocalStack: http://localhost:4566)." };

        /// <summary>Adds the options to <paramref name="command"/>.</summary>
        public void AddTo(Command command)
        {
            command.Options.Add(_lambda);
            command.Options.Add(_dynamoDb);
            command.Options.Add(_sqs);
            command.Options.Add(_eventBridge);
            command.Options.Add(_sns);
            command.Options.Add(_aws);
        }

        /// <summary>What the command line gave.</summary>
        public ServiceEndpoints Read(ParseResult result) =>
            new(result.GetValue(_lambda), result.GetValue(_dynamoDb), result.GetValue(_sqs), result.GetValue(_eventBridge), result.GetValue(_sns), result.GetValue(_aws));
    }

    /// <summary>
    /// Registers a router for each endpoint given (and for <paramref name="functions"/>, the in-process Lambda functions
    /// of <c>--handlers</c>) with <paramref name="registry"/>, requests signed for <paramref name="region"/>. False, with
    /// one line naming the option after <paramref name="prefix"/> (<c>asl</c>, <c>asl test-state</c>), when an endpoint
    /// is not an http(s) URL.
    /// </summary>
    public bool TryRegister(TaskHandlerRegistry registry, IReadOnlyDictionary<string, ILambdaFunction> functions, string region, TextWriter error, string prefix = "asl")
    {
        if (!TryRead(prefix, "--aws-endpoint", Aws, error, out var aws)
            || !TryRead(prefix, "--lambda-endpoint", Lambda, error, out var lambda)
            || !TryRead(prefix, "--dynamodb-endpoint", DynamoDb, error, out var dynamoDb)
            || !TryRead(prefix, "--sqs-endpoint", Sqs, error, out var sqs)
            || !TryRead(prefix, "--eventbridge-endpoint", EventBridge, error, out var eventBridge)
            || !TryRead(prefix, "--sns-endpoint", Sns, error, out var sns))
        {
            return false;
        }

        lambda ??= aws;
        dynamoDb ??= aws;
        sqs ??= aws;
        eventBridge ??= aws;
        sns ??= aws;

        if (functions.Count > 0 || lambda is not null)
        {
            new LambdaTaskRouter(functions, lambda).RegisterWith(registry);
        }

        if (dynamoDb is not null)
        {
            AwsJsonTaskRouter.DynamoDb(dynamoDb, region).RegisterWith(registry);
        }

        if (sqs is not null)
        {
            AwsJsonTaskRouter.Sqs(sqs, region).RegisterWith(registry);
        }

        if (eventBridge is not null)
        {
            AwsJsonTaskRouter.EventBridge(eventBridge, region).RegisterWith(registry);
        }

        if (sns is not null)
        {
            new SnsTaskRouter(sns, region).RegisterWith(registry);
        }

        return true;
    }

    private static bool TryRead(string prefix, string option, string? text, TextWriter error, out Uri? endpoint)
    {
        endpoint = null;
        if (text is null)
        {
            return true;
        }

        if (Uri.TryCreate(text, UriKind.Absolute, out endpoint) && (endpoint.Scheme == Uri.UriSchemeHttp || endpoint.Scheme == Uri.UriSchemeHttps))
        {
            return true;
        }

        error.WriteLine($"{prefix}: {option} must be an http:// or https:// URL, not '{text}'.");
        return false;
    }
}
