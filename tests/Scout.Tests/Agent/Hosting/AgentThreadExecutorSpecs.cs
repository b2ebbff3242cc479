using System.Collections.Concurrent;
using Akka.Actor;
using Akka.Dispatch;
using Scout.Agent.Hosting;
using Scout.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace Scout.Tests.Agent.Hosting;

public sealed class AgentThreadExecutorSpecs(ITestOutputHelper output)
    : ScoutTestKit(output, $"akka.actor.default-dispatcher.executor = \"{ExecutorName}\"")
{
    private const string ExecutorName = "Scout.Agent.Hosting.AgentThreadExecutorConfigurator, scout-agent";

    [Fact]
    public void The_agent_hocon_puts_the_agents_actors_on_one_thread_of_their_own()
    {
        var first = Sys.ActorOf(Props.Create(() => new ThreadName()), "first");
        var second = Sys.ActorOf(Props.Create(() => new ThreadName()), "second");

        first.Tell("which");
        var firstThread = ExpectMsg<string>();
        second.Tell("which");

        Assert.Equal("scout-actors", firstThread);
        Assert.Equal(firstThread, ExpectMsg<string>());
        Assert.Equal(ExecutorName, AgentConfig.Load().GetString("akka.actor.default-dispatcher.executor"));
    }

    [Fact]
    public void Runs_items_in_order_on_its_thread_including_those_queued_from_it()
    {
        var executor = new AgentThreadExecutor("test");
        var ran = new ConcurrentQueue<(int Item, bool OnItsThread)>();
        var done = new ManualResetEventSlim();
        try
        {
            executor.Execute(new Step(() =>
            {
                ran.Enqueue((1, executor.IsCurrentThread));
                // Queued from its own thread: must run after this item, not inside it or never.
                executor.Execute(new Step(() =>
                {
                    ran.Enqueue((3, executor.IsCurrentThread));
                    done.Set();
                }));
                ran.Enqueue((2, executor.IsCurrentThread));
            }));

            Assert.True(done.Wait(TimeSpan.FromSeconds(10)), "the item queued from the executor's thread never ran");
            Assert.Equal([(1, true), (2, true), (3, true)], ran);
        }
        finally
        {
            executor.Shutdown();
        }
    }

    [Fact]
    public void A_failing_item_does_not_stop_the_ones_after_it()
    {
        var executor = new AgentThreadExecutor("test");
        var after = new ManualResetEventSlim();
        try
        {
            executor.Execute(new Step(() => throw new InvalidOperationException("boom")));
            executor.Execute(new Step(after.Set));

            Assert.True(after.Wait(TimeSpan.FromSeconds(10)));
        }
        finally
        {
            executor.Shutdown();
        }
    }

    [Fact]
    public async Task Shutdown_runs_what_is_queued_and_then_ends_the_thread()
    {
        var executor = new AgentThreadExecutor("test");
        var ran = 0;
        for (var i = 0; i < 3; i++)
        {
            executor.Execute(new Step(() => Interlocked.Increment(ref ran)));
        }

        executor.Shutdown();

        await executor.Ended.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(3, Volatile.Read(ref ran));
    }

    [Fact]
    public void After_shutdown_a_late_item_still_runs_elsewhere()
    {
        var executor = new AgentThreadExecutor("test");
        var ran = new ManualResetEventSlim();
        var onItsThread = true;
        executor.Shutdown();

        executor.Execute(new Step(() =>
        {
            onItsThread = executor.IsCurrentThread;
            ran.Set();
        }));

        Assert.True(ran.Wait(TimeSpan.FromSeconds(10)), "the late item never ran");
        Assert.False(onItsThread);
    }

    private sealed class Step(Action action) : IRunnable
    {
        public void Run() => action();

        // IRunnable is also a thread-pool work item.
        public void Execute() => action();
    }

    private sealed class ThreadName : ReceiveActor
    {
        public ThreadName()
        {
            Receive<string>(_ => Sender.Tell(Thread.CurrentThread.Name ?? ""));
        }
    }
}
