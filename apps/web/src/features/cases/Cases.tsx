import { Badge, Select, Space, Switch, Tag, Typography } from 'antd';
import { Table } from '../common/Table';
import { Link, useSearchParams } from 'react-router-dom';
import { useSession } from '../../app/auth';
import { graphql } from '../../gql';
import type { CaseStage } from '../../gql/graphql';
import { STAGE, STAGES } from '../../lib/labels';
import { useQuery } from '../../lib/useQuery';
import { Loadable, PageTitle, Panel } from '../common/ui';

const CASES = graphql(`
  query Cases($filter: CaseFilter, $offset: Int!) {
    caseFiles(filter: $filter, page: { limit: 20, offset: $offset }) {
      total
      items {
        id
        caseNumber
        stage
        openedOn
        closedOn
        openCommentCount
        worker {
          id
          displayName
        }
        serviceObject {
          id
          name
        }
      }
    }
  }
`);

export default function Cases() {
  const s = useSession();
  const [params, setParams] = useSearchParams();
  const stage = (params.get('stage') as CaseStage | null) ?? undefined;
  const station = s.roles.has('SOCIAL_WORKER') || s.roles.has('STATION_HEAD');
  const mine = station && params.get('mine') !== '0';
  const openOnly = params.get('all') !== '1';
  const offset = Number(params.get('offset') ?? 0);
  const set = (k: string, v: string | undefined) => {
    const next = new URLSearchParams(params);
    if (v === undefined) next.delete(k);
    else next.set(k, v);
    next.delete('offset');
    setParams(next, { replace: true });
  };
  const q = useQuery(CASES, { filter: { stage: stage ?? null, workerId: mine ? s.me.id : null, openOnly: stage ? null : openOnly }, offset });
  return (
    <div data-testid="cases">
      <PageTitle title="个案" sub="接案 → 预估 → 计划 → 介入 → 评估 → 结案" />
      <Panel>
        <Space wrap style={{ marginBottom: 12 }}>
          <Select
            allowClear
            placeholder="全部阶段"
            style={{ width: 140 }}
            value={stage}
            onChange={(v?: CaseStage) => set('stage', v)}
            options={STAGES.map((x) => ({ value: x, label: STAGE[x] }))}
            aria-label="阶段"
          />
          {station && (
            <Space>
              <Switch checked={mine} onChange={(v) => set('mine', v ? '1' : '0')} aria-label="只看我负责的" />
              <Typography.Text>只看我负责的</Typography.Text>
            </Space>
          )}
          {!stage && (
            <Space>
              <Switch checked={!openOnly} onChange={(v) => set('all', v ? '1' : undefined)} aria-label="含已结案" />
              <Typography.Text>含已结案</Typography.Text>
            </Space>
          )}
        </Space>
        <Loadable {...q}>
          {() => (
            <Table
              size="small"
              rowKey="id"
              loading={q.loading}
              dataSource={q.data!.caseFiles.items}
              scroll={{ x: 640 }}
              pagination={{
                total: q.data!.caseFiles.total,
                pageSize: 20,
                current: offset / 20 + 1,
                showSizeChanger: false,
                showTotal: (n) => `共 ${n} 个`,
                onChange: (p) => {
                  const next = new URLSearchParams(params);
                  next.set('offset', String((p - 1) * 20));
                  setParams(next, { replace: true });
                },
              }}
              columns={[
                { title: '个案编号', dataIndex: 'caseNumber', render: (v: string, r) => <Link to={`/cases/${r.id}`}>{v}</Link> },
                { title: '服务对象', render: (_, r) => r.serviceObject?.name ?? '—' },
                { title: '负责社工', render: (_, r) => r.worker.displayName ?? '—' },
                { title: '阶段', dataIndex: 'stage', render: (v: CaseStage) => <Tag color={v === 'CLOSED' ? 'default' : 'blue'}>{STAGE[v]}</Tag> },
                { title: '接案日期', dataIndex: 'openedOn' },
                { title: '未解决督导意见', dataIndex: 'openCommentCount', render: (n: number) => (n ? <Badge count={n} /> : '—') },
              ]}
            />
          )}
        </Loadable>
      </Panel>
    </div>
  );
}
