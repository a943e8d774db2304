import { Select } from 'antd';
import { useEffect, useState } from 'react';
import { graphql } from '../../gql';
import { request } from '../../lib/client';

const FIND = graphql(`
  query FindPeople($search: String) {
    serviceObjects(filter: { search: $search }, page: { limit: 20 }) {
      items {
        id
        name
      }
    }
  }
`);

/** Pick a registered person by name (searched as you type). */
export function PersonPicker({
  value,
  onChange,
  placeholder = '输入姓名查找服务对象',
}: {
  value?: string;
  onChange?: (id?: string, name?: string) => void;
  placeholder?: string;
}) {
  const [search, setSearch] = useState('');
  const [found, setFound] = useState<{ id: string; name: string }[]>([]);
  useEffect(() => {
    const timer = setTimeout(() => {
      request(FIND, { search: search.trim() || null })
        .then((d) => setFound(d.serviceObjects.items))
        .catch(() => setFound([]));
    }, 250);
    return () => clearTimeout(timer);
  }, [search]);
  return (
    <Select
      showSearch
      allowClear
      value={value}
      placeholder={placeholder}
      filterOption={false}
      onSearch={setSearch}
      onChange={(id?: string) => onChange?.(id, found.find((f) => f.id === id)?.name)}
      options={found.map((f) => ({ value: f.id, label: f.name }))}
      notFoundContent="无匹配的服务对象"
      aria-label="服务对象"
    />
  );
}
